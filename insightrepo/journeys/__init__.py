"""Journey maps: journeys, phases and steps, their field rules, ordering and health."""
