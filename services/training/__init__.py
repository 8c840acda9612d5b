"""NAVCHETNA: gender-sensitisation, legal-literacy and soft-skill training of police personnel."""

# How the platform finds this service (chassis/cli.py discovers every services/<name>/).
SERVICE = "services.training.service:TrainingService"
APPLICATION = "services.training.application:TrainingApplication"
