"""The timeline: freezing maps into snapshots, comparing them, restoring them, and the change log."""
