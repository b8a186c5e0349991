using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Api;

/// <summary>An EVSE, and optionally one of its connectors, a component is on.</summary>
public sealed record EvseBody(int? Id, int? ConnectorId = null);

/// <summary>A component of a station: its name, optionally an instance, and the EVSE it is on.</summary>
public sealed record ComponentBody(string? Name, string? Instance = null, EvseBody? Evse = null);

/// <summary>A variable of a component: its name and optionally an instance.</summary>
public sealed record VariableBody(string? Name, string? Instance = null);

/// <summary>One variable to read: its component, its name, and the attribute (Actual unless given).</summary>
public sealed record GetVariableItem(ComponentBody? Component, VariableBody? Variable, string? AttributeType = null);

/// <summary>The variables to read from an OCPP 2.0.1 station.</summary>
public sealed record GetVariablesBody(IReadOnlyList<GetVariableItem>? Items);

/// <summary>One variable to set: its component, its name, the attribute (Actual unless given) and the value.</summary>
public sealed record SetVariableItem(ComponentBody? Component, VariableBody? Variable, string? AttributeValue, string? AttributeType = null);

/// <summary>The variables to set on an OCPP 2.0.1 station.</summary>
public sealed record SetVariablesBody(IReadOnlyList<SetVariableItem>? Items);

/// <summary>
/// What a station answered for each variable, in the order asked, and how many messages it took: a request larger
/// than the station's ItemsPerMessage or BytesPerMessage is split.
/// </summary>
public sealed record VariablesResponse(IReadOnlyList<System.Text.Json.JsonElement> Results, int Messages);

/// <summary>Which base report to ask for: ConfigurationInventory, FullInventory or SummaryInventory.</summary>
public sealed record BaseReportBody(string? ReportBase);

/// <summary>One component (and optionally one of its variables) a custom report covers.</summary>
public sealed record ComponentVariableItem(ComponentBody? Component, VariableBody? Variable = null);

/// <summary>
/// What a custom report (GetReport) covers: components in some states (Active, Available, Enabled, Problem), and/or
/// named components and variables; at least one of the two.
/// </summary>
public sealed record CustomReportBody(IReadOnlyList<string>? ComponentCriteria, IReadOnlyList<ComponentVariableItem>? ComponentVariables);

/// <summary>A report asked for: its requestId (NotifyReport parts carry it) and the station's answer.</summary>
public sealed record ReportRequestResponse(int RequestId, string Status, System.Text.Json.JsonElement Answer);

/// <summary>The transaction to ask a station about (its CSMS id); none asks whether any message is queued.</summary>
public sealed record TransactionStatusBody(int? TransactionId);

/// <summary>The device model of an OCPP 2.0.1 station: its variables (sorted by key), its reports and how many events it kept.</summary>
public sealed record DeviceModelResponse(IReadOnlyList<ReportedVariable> Variables, IReadOnlyList<ReportProgress> Reports, int EventCount, long EventsDropped);

/// <summary>A page of a station's events, newest first.</summary>
public sealed record StationEventsResponse(IReadOnlyList<StationEvent> Items, long TotalCount, int Page, int PageSize, long Discarded);
