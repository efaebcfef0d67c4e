using OmsFlow.Workflows.Definitions;

namespace OmsFlow.Workflows.Validation;

public sealed partial class WorkflowValidator
{
    private void CheckGraph(Run run)
    {
        var steps = run.Definition.Steps.GroupBy(s => s.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        if (steps.Count == 0)
        {
            return;
        }
        CheckReachable(run, steps);
        CheckLoops(run, steps);
    }

    private static void CheckReachable(Run run, Dictionary<string, StepDefinition> steps)
    {
        var start = run.Definition.StartStep;
        if (!steps.ContainsKey(start))
        {
            return;
        }
        var reached = new HashSet<string>(StringComparer.Ordinal) { start };
        var pending = new Stack<string>([start]);
        while (pending.TryPop(out var name))
        {
            var step = steps[name];
            // Loop bodies and compensation chains are entered by their owner step, not by a transition.
            foreach (var target in step.Next.Values.Append(step.Body).Append(step.Compensate))
            {
                if (target is not null && steps.ContainsKey(target) && reached.Add(target))
                {
                    pending.Push(target);
                }
            }
        }
        foreach (var step in run.Definition.Steps)
        {
            if (!reached.Contains(step.Name))
            {
                run.Warning("unreachable-step", $"No path from the start step '{start}' leads to '{step.Name}'; connect it from another step's 'next' or remove it.", ProblemPaths.Step(step.Name));
            }
        }
    }

    private void CheckLoops(Run run, Dictionary<string, StepDefinition> steps)
    {
        IEnumerable<string> Successors(string name)
        {
            var step = steps[name];
            return step.Next.Values.Append(step.Body).OfType<string>().Where(steps.ContainsKey).Distinct(StringComparer.Ordinal);
        }
        foreach (var component in StronglyConnected(run.Definition.Steps.Select(s => s.Name).Distinct(StringComparer.Ordinal), Successors))
        {
            var first = component[0];
            var isLoop = component.Count > 1 || Successors(first).Contains(first, StringComparer.Ordinal);
            if (!isLoop || component.Any(name => BreaksLoop(steps[name]) is not false))
            {
                continue;
            }
            var order = run.Definition.Steps.Select(s => s.Name).ToList();
            var entry = component.OrderBy(order.IndexOf).First();
            var cycle = string.Join(" -> ", ShortestCycle(entry, component, Successors));
            run.Error("endless-loop", $"The steps {cycle} form a loop in which nothing waits, so an instance could spin in it forever; put a waiting step (Delay, WaitForSignal, HumanTask, ...) in the loop, use a ForEach, or use 'retry' for repeated attempts.", ProblemPaths.Step(entry, "next"));
        }
    }

    /// <summary>True if the step stops a loop from spinning, false if not, null when unknown (its activity is not registered).</summary>
    private bool? BreaksLoop(StepDefinition step)
    {
        if (!_activities.TryGet(step.Activity, out var activity))
        {
            return null;
        }
        return activity.Blocking || string.Equals(activity.Type, ForEachActivity, StringComparison.Ordinal);
    }

    private static List<string> ShortestCycle(string entry, List<string> component, Func<string, IEnumerable<string>> successors)
    {
        var members = component.ToHashSet(StringComparer.Ordinal);
        var previous = new Dictionary<string, string>(StringComparer.Ordinal);
        var queue = new Queue<string>([entry]);
        while (queue.TryDequeue(out var current))
        {
            foreach (var next in successors(current).Where(members.Contains))
            {
                if (next == entry)
                {
                    var path = new List<string> { entry };
                    for (var at = current; at != entry; at = previous[at])
                    {
                        path.Insert(1, at);
                    }
                    path.Add(entry);
                    return path;
                }
                if (previous.TryAdd(next, current))
                {
                    queue.Enqueue(next);
                }
            }
        }
        return [entry, entry];
    }

    /// <summary>Tarjan's algorithm, iterative so a long chain of steps cannot overflow the stack.</summary>
    private static List<List<string>> StronglyConnected(IEnumerable<string> nodes, Func<string, IEnumerable<string>> successors)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var components = new List<List<string>>();
        var counter = 0;
        foreach (var root in nodes)
        {
            if (index.ContainsKey(root))
            {
                continue;
            }
            var work = new Stack<(string Node, IEnumerator<string> Next)>();
            index[root] = low[root] = counter++;
            stack.Push(root);
            onStack.Add(root);
            work.Push((root, successors(root).GetEnumerator()));
            while (work.Count > 0)
            {
                var (node, next) = work.Peek();
                if (next.MoveNext())
                {
                    var child = next.Current;
                    if (!index.TryGetValue(child, out var childIndex))
                    {
                        index[child] = low[child] = counter++;
                        stack.Push(child);
                        onStack.Add(child);
                        work.Push((child, successors(child).GetEnumerator()));
                    }
                    else if (onStack.Contains(child))
                    {
                        low[node] = Math.Min(low[node], childIndex);
                    }
                    continue;
                }
                next.Dispose();
                work.Pop();
                if (work.Count > 0)
                {
                    var parent = work.Peek().Node;
                    low[parent] = Math.Min(low[parent], low[node]);
                }
                if (low[node] == index[node])
                {
                    var component = new List<string>();
                    string member;
                    do
                    {
                        member = stack.Pop();
                        onStack.Remove(member);
                        component.Add(member);
                    }
                    while (member != node);
                    components.Add(component);
                }
            }
        }
        return components;
    }
}
