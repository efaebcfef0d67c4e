namespace OmsFlow.Workflows.Activities;

/// <summary>A step input could not be set on its activity: unknown name or a value of the wrong type.</summary>
public sealed class ActivityInputException : Exception
{
    public ActivityInputException()
    {
    }

    public ActivityInputException(string message)
        : base(message)
    {
    }

    public ActivityInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ActivityInputException(string activityType, string input, string message)
        : base(message)
    {
        ActivityType = activityType;
        Input = input;
    }

    public string? ActivityType { get; }

    public string? Input { get; }
}
