namespace OrleansCsms.Frontend.Metrics;

/// <summary>
/// The process's own gauges, read when scraped: cheaper than listening to the runtime's meter for three numbers,
/// and under the names Prometheus' own clients use, so existing dashboards work.
/// </summary>
internal static class ProcessMetrics
{
    public static void WriteTo(PrometheusTextWriter writer)
    {
        writer.WriteHeader("process_resident_memory_bytes", "Resident memory (working set) of this process in bytes.", "gauge");
        writer.WriteSample("process_resident_memory_bytes", "", Environment.WorkingSet);
        writer.WriteHeader("process_cpu_seconds_total", "CPU time this process has used, user and system, in seconds.", "counter");
        writer.WriteSample("process_cpu_seconds_total", "", Environment.CpuUsage.TotalTime.TotalSeconds);
        writer.WriteHeader("dotnet_gc_heap_bytes", "Bytes the garbage collector counts as allocated on the managed heap.", "gauge");
        writer.WriteSample("dotnet_gc_heap_bytes", "", GC.GetTotalMemory(forceFullCollection: false));
    }
}
