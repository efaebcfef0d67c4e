namespace OmsFlow.Expressions.JavaScript.Runtime;

/// <summary>
/// Long-lived background threads with a <see cref="ScriptHost.SandboxStackSize"/> stack, each running one script at a
/// time. Starting a thread with a large stack costs about as much as a whole small script, so idle threads are kept
/// (up to twice the processor count) and reused; a thread still stuck in a runaway built-in simply stays busy.
/// </summary>
internal static class SandboxThreads
{
    private static readonly int MaxIdle = Math.Max(2, Environment.ProcessorCount * 2);
    private static readonly Stack<Worker> Idle = new();

    /// <summary>Runs <paramref name="work"/> on a sandbox thread; <paramref name="work"/> must not throw.</summary>
    public static void Run(Action work)
    {
        Worker? worker;
        lock (Idle)
        {
            Idle.TryPop(out worker);
        }

        (worker ?? new Worker()).Post(work);
    }

    /// <summary>Returns a worker to the idle set; false when enough are idle and this one should end.</summary>
    private static bool Release(Worker worker)
    {
        lock (Idle)
        {
            if (Idle.Count >= MaxIdle)
            {
                return false;
            }

            Idle.Push(worker);
            return true;
        }
    }

    private sealed class Worker
    {
        private readonly object gate = new();
        private Action? work;

        public Worker()
        {
            var thread = new Thread(Loop, ScriptHost.SandboxStackSize) { IsBackground = true, Name = "OmsFlow script" };
            thread.Start();
        }

        public void Post(Action next)
        {
            lock (gate)
            {
                work = next;
                Monitor.Pulse(gate);
            }
        }

        private void Loop()
        {
            do
            {
                Action current;
                lock (gate)
                {
                    while (work is null)
                    {
                        Monitor.Wait(gate);
                    }

                    current = work;
                    work = null;
                }

                current();
            }
            while (Release(this));
        }
    }
}
