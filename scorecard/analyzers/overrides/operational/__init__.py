"""Operational constants (timeouts, hosts, pool sizes) and whether operators can change them."""
