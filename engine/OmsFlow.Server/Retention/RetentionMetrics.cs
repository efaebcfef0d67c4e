using System.Text;
using OmsFlow.Server.Metrics;
using OmsFlow.Workflows.Retention;

namespace OmsFlow.Server.Retention;

/// <summary>The retention series of <c>GET /metrics</c>: sweeps, what they removed and archived, failures, last sweep time.</summary>
internal static class RetentionMetrics
{
    public static void Write(StringBuilder text, RetentionTotals totals)
    {
        Series(text, "omsflow_retention_sweeps_total", "counter", "Retention sweeps run by this process.", totals.Sweeps);
        Series(text, "omsflow_retention_sweep_failures_total", "counter", "Retention sweeps that failed (retried at the next interval).", totals.Failures);
        Series(text, "omsflow_retention_instances_deleted_total", "counter", "Finished instances deleted by retention.", totals.Instances);
        Series(text, "omsflow_retention_instances_archived_total", "counter", "Finished instances written to archive files before deletion.", totals.Archived);
        Series(text, "omsflow_retention_journal_entries_deleted_total", "counter", "Journal entries deleted with their instances.", totals.JournalEntries);
        Series(text, "omsflow_retention_outbox_messages_deleted_total", "counter", "Delivered outbox messages deleted with their instances.", totals.OutboxMessages);
        Series(text, "omsflow_retention_last_sweep_timestamp_seconds", "gauge", "Unix time the last retention sweep finished; 0 before the first.",
            totals.LastSweepAt is { } at ? at.ToUnixTimeMilliseconds() / 1000.0 : 0);
    }

    private static void Series(StringBuilder text, string name, string type, string help, double value)
    {
        ServerMetrics.Header(text, name, type, help);
        ServerMetrics.Line(text, name, null, value);
    }
}
