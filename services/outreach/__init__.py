"""Community outreach: RU-BA-RU, SAATHI, AKSHAYA, ADHIKAAR, JAGRITI, Mission Shakti beat work, and
SAARTHI safe public transport."""

# How the platform finds this service (chassis/cli.py discovers every services/<name>/).
SERVICE = "services.outreach.service:OutreachService"
APPLICATION = "services.outreach.application:OutreachApplication"
