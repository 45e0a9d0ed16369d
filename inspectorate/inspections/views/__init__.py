"""The inspection pages, split by area. Views read through `restrict()` and change nothing except by
calling a service."""
