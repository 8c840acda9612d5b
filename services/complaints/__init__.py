"""VIKALP + WPL-1090 complaints service."""
