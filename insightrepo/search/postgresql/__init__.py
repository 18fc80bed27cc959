"""The PostgreSQL full-text adapter: search inside the database itself."""
