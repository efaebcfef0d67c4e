using System.Text;
using OmsFlow.Server.Metrics;
using OmsFlow.Workflows.Retention;

namespace OmsFlow.Server.Retention;

/// <summary>The retention series of <c>GET /metrics</c>: sweeps, what they removed and archived, failures, last sweep time.</summary>
internal static class RetentionMetrics
{
    public static void Write(StringBuilder text, RetentionTotals totals)
    {
        ServerMetrics.Header(text, "omsflow_retention_sweeps_total", "counter", "Retention sweeps run by this process.");
        ServerMetrics.Line(text, "omsflow_retention_sweeps_total", null, totals.Sweeps);
        ServerMetrics.Header(text, "omsflow_retention_sweep_failures_total", "counter", "Retention sweeps that failed (retried at the next interval).");
        ServerMetrics.Line(text, "omsflow_retention_sweep_failures_total", null, totals.Failures);
        ServerMetrics.Header(text, "omsflow_retention_instances_deleted_total", "counter", "Finished instances deleted by retention.");
        ServerMetrics.Line(text, "omsflow_retention_instances_deleted_total", null, totals.Instances);
        ServerMetrics.Header(text, "omsflow_retention_instances_archived_total", "counter", "Finished instances written to archive files before deletion.");
        ServerMetrics.Line(text, "omsflow_retention_instances_archived_total", null, totals.Archived);
        ServerMetrics.Header(text, "omsflow_retention_journal_entries_deleted_total", "counter", "Journal entries deleted with their instances.");
        ServerMetrics.Line(text, "omsflow_retention_journal_entries_deleted_total", null, totals.JournalEntries);
        ServerMetrics.Header(text, "omsflow_retention_outbox_messages_deleted_total", "counter", "Delivered outbox messages deleted with their instances.");
        ServerMetrics.Line(text, "omsflow_retention_outbox_messages_deleted_total", null, totals.OutboxMessages);
        ServerMetrics.Header(text, "omsflow_retention_last_sweep_timestamp_seconds", "gauge", "Unix time the last retention sweep finished; 0 before the first.");
        ServerMetrics.Line(text, "omsflow_retention_last_sweep_timestamp_seconds", null, totals.LastSweepAt is { } at ? at.ToUnixTimeMilliseconds() / 1000.0 : 0);
    }
}
