"""People and their credentials: users, passwords, API tokens."""
