// The platform every slice of this service is written against: the event store, and the shared write path, HTTP and problem helpers.
global using Marten;
global using ProBono.ServiceDefaults.EventSourcing;
global using ProBono.ServiceDefaults.Http;
global using ProBono.ServiceDefaults.Problems;
