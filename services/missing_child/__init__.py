"""Vatsalya (Track the Missing Child): missing and found children matched statewide, the FIR at once,
the 4-month AHTU hand-over and the 24 h Child Welfare Committee clock."""

# How the platform finds this service (chassis/cli.py discovers every services/<name>/).
SERVICE = "services.missing_child.service:MissingChildService"
APPLICATION = "services.missing_child.application:MissingChildApplication"
