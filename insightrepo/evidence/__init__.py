"""The evidence library: quotes, narratives, jobs to be done, participants and tags."""
