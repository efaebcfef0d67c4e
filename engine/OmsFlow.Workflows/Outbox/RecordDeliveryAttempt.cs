using OmsFlow.Persistence.Records;
using OmsFlow.Persistence.Storage;

namespace OmsFlow.Workflows.Outbox;

/// <summary>One delivery attempt of an outbox message: its new status and the attempt row, written together.</summary>
internal sealed class RecordDeliveryAttempt(OutboxRecord message, OutboxAttemptRecord attempt) : UnitWrite
{
    private const string UpdateMessageSql =
        "UPDATE outbox SET status = @status, attempts = @attempts, next_attempt_at = @next_attempt_at, sent_at = @sent_at, " +
        "last_error = @last_error WHERE id = @id";

    private const string InsertAttemptSql =
        "INSERT INTO outbox_attempts (message_id, attempt, at, succeeded, error, duration_ms) " +
        "VALUES (@message_id, @attempt, @at, @succeeded, @error, @duration_ms)";

    public override void Apply(UnitSql sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        sql.Execute(UpdateMessageSql, ("status", message.Status), ("attempts", message.Attempts), ("next_attempt_at", message.NextAttemptAt),
            ("sent_at", message.SentAt), ("last_error", message.LastError), ("id", message.Id));
        sql.Execute(InsertAttemptSql, ("message_id", attempt.MessageId), ("attempt", attempt.Attempt), ("at", attempt.At),
            ("succeeded", attempt.Succeeded), ("error", attempt.Error), ("duration_ms", attempt.DurationMs));
    }
}
