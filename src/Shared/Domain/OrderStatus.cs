namespace Sluice.Shared.Domain;

/// <summary>Where an order stands after its events: nothing seen, placed, or one of the two outcomes.</summary>
public enum OrderStatus
{
    Unknown,
    Placed,
    Confirmed,
    Rejected,
}
