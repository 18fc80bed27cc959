"""A team's space: workspaces, their members, and who may do what in them."""
