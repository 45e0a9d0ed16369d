"""Developing practice (METHODOLOGY §6): examples of good practice that forces submit, the inspection
team's selection of those printed in a report, and adoptions of an example by other forces."""
