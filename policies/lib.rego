# Helpers shared by poollint's Rego rules. The input of every rule is one
# cluster of the common model, exactly as `poollint model` prints it.
package poollint.lib

# cluster_name is the cluster's name, or its identifier when the name is unknown.
cluster_name := input.name.value if input.name.known

else := input.id

# pool_name is a pool's name, or its identifier when the name is unknown.
pool_name(pool) := pool.name.value if pool.name.known

else := pool.id

# source describes where a known field's value came from, for messages:
# "" for literals, " (from parameter x)" otherwise.
source(field) := "" if field.origin == "literal"

else := " (the platform default)" if field.origin == "default"

else := sprintf(" (from the default of %s)", [field.from]) if {
	field.origin == "parameter-default"
	tf_var(field.from)
}

else := sprintf(" (from %s)", [field.from]) if {
	field.origin == "parameter-file"
	tf_var(field.from)
}

else := sprintf(" (from the default of parameter %s)", [field.from]) if field.origin == "parameter-default"

else := sprintf(" (from parameter %s)", [field.from]) if field.origin == "parameter-file"

else := sprintf(" (from variable %s)", [field.from]) if field.origin == "variable"

else := ""

# is(field, value) holds when the field is known and equals value ignoring case.
is(field, value) if {
	field.known
	lower(field.value) == lower(value)
}

# tf_var holds for Terraform inputs, named var.x (or given as -var x).
tf_var(from) if startswith(from, "var.")

tf_var(from) if startswith(from, "-var ")
