namespace OrleansCsms.Simulator;

/// <summary>Which way a frame went, seen from the charge point.</summary>
public enum FrameDirection
{
    Sent,
    Received,
}
