using System.Runtime.CompilerServices;

namespace OmsFlow.Templates.Rendering.Direct;

/// <summary>
/// The growable character buffer a direct render writes into. Unlike a StringBuilder it hands out spans, so numbers
/// and money are formatted in place (TryFormat) and JSON strings are transcoded in place, without a string per value.
/// One buffer lives with each thread's <see cref="DirectRun"/>, so a render allocates only its result string.
/// </summary>
internal sealed class DirectOutput
{
    // A document larger than this (a 10,000-line packing list) is not kept alive on the thread after it rendered.
    private const int MaxRetained = 1 << 20;
    private const int InitialSize = 1 << 12;

    private char[] _buffer = new char[InitialSize];
    private int _length;

    public int Length => _length;

    // Called for every piece of text a render writes: inlined, with growth kept out of line.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(string text) => Append(text.AsSpan());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(ReadOnlySpan<char> text)
    {
        if (text.Length > _buffer.Length - _length)
        {
            Grow(text.Length);
        }

        text.CopyTo(_buffer.AsSpan(_length));
        _length += text.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(char c)
    {
        if (_length == _buffer.Length)
        {
            Grow(1);
        }

        _buffer[_length++] = c;
    }

    /// <summary>Space for at least <paramref name="size"/> characters after the written text; commit with <see cref="Advance"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<char> GetSpan(int size)
    {
        if (size > _buffer.Length - _length)
        {
            Grow(size);
        }

        return _buffer.AsSpan(_length);
    }

    public void Advance(int count) => _length += count;

    public void Clear()
    {
        _length = 0;
        if (_buffer.Length > MaxRetained)
        {
            _buffer = new char[InitialSize];
        }
    }

    public override string ToString() => new(_buffer, 0, _length);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int needed)
    {
        var size = Math.Max(_buffer.Length * 2, _length + needed);
        var larger = new char[size];
        _buffer.AsSpan(0, _length).CopyTo(larger);
        _buffer = larger;
    }
}
