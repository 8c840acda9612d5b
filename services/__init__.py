"""One package per programme service. Each declares SERVICE (its nameko class) and APPLICATION
(its eventsourcing Application) in its __init__, and the platform finds it there."""
