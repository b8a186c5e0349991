using Orleans.Concurrency;

namespace OrleansCsms.Grains;

/// <summary>The customer information requests of one OCPP 2.0.1 station (key: its identity) and the data it reported for them.</summary>
[Alias("csms.ICustomerInformationGrain")]
public interface ICustomerInformationGrain : IGrainWithStringKey
{
    /// <summary>Records a request before it goes out, so that the parts that answer it find it.</summary>
    Task RequestedAsync(CustomerInformationAsk ask);

    /// <summary>Records how the station answered a request (its status, or NoAnswer, CallError, NotSent).</summary>
    Task AnsweredAsync(int requestId, string status);

    /// <summary>Stores one part of a NotifyCustomerInformation; a part received before (same requestId and seqNo) changes nothing.</summary>
    Task RecordPartAsync(CustomerDataPart part);

    /// <summary>Returns the requests kept, by requestId.</summary>
    [ReadOnly]
    Task<CustomerInformationState> GetAsync();

    /// <summary>Forgets everything (the station was deleted).</summary>
    Task ForgetAsync();
}
