"""Transgender Protection Cell: grievances and s.18 offences tracked from registration through the
police station to prosecution, and certificate-of-identity applications on the DM's 30-day clock."""

# How the platform finds this service (chassis/cli.py discovers every services/<name>/).
SERVICE = "services.transgender_cell.service:TransgenderCellService"
APPLICATION = "services.transgender_cell.application:TransgenderCellApplication"
