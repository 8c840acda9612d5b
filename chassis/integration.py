"""Domain event → public integration event, the same way in every service: each service lists a
mapper per public event and the events it keeps private; anything else is an error, so a new
domain event is never published or dropped by accident."""
from __future__ import annotations

from typing import Any, Callable, Iterable

from contracts.events import IntegrationEvent

Mapper = Callable[[Any], IntegrationEvent]


class IntegrationMapping:
    def __init__(self, mappers: dict[type, Mapper], private: Iterable[type]):
        self.mappers = mappers
        self.private = frozenset(private)

    def __call__(self, domain_event: Any) -> IntegrationEvent | None:
        event_class = type(domain_event)
        if event_class in self.private:
            return None
        try:
            mapper = self.mappers[event_class]
        except KeyError:
            raise LookupError(f"{event_class.__qualname__} is neither mapped nor private") from None
        return mapper(domain_event)

    def unaccounted_for(self, *aggregates: type) -> set[type]:
        """For a service's tests: events of `aggregates` neither mapped nor private, mappings of
        events they do not declare, and events both mapped and private. Should be empty."""
        listed = set(self.mappers) | self.private
        return (declared_events(*aggregates) ^ listed) | (set(self.mappers) & self.private)


def declared_events(*aggregates: type) -> set[type]:
    """Every event class the aggregates declare with @event (not the `Event` and `Created` bases
    eventsourcing adds to each aggregate, so an aggregate's own events are never named so)."""
    return {
        value
        for aggregate in aggregates
        for value in vars(aggregate).values()
        if isinstance(value, type) and issubclass(value, aggregate.Event)
        and value not in (aggregate.Event, aggregate.Created)
    }
