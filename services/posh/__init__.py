"""POSH: workplaces and their Internal Committees, the districts' Local Committees, and complaints
of sexual harassment at the workplace carried through the Act's clocks."""

# How the platform finds this service (chassis/cli.py discovers every services/<name>/).
SERVICE = "services.posh.service:PoshService"
APPLICATION = "services.posh.application:PoshApplication"
