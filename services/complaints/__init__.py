"""VIKALP online complaints with the WPL-1090 counselling ladder."""

# How the platform finds this service (chassis/cli.py discovers every services/<name>/).
SERVICE = "services.complaints.service:ComplaintsService"
APPLICATION = "services.complaints.application:ComplaintsApplication"
