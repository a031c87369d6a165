using System.IO.Pipes;
using System.Runtime.InteropServices;
using System.Text;

namespace Sluice.LocalCloud.Lambda.Runtime;

/// <summary>
/// The standard output and error of an execution environment's process, read line by line on one
/// thread of its own. A function writes its log lines and then posts its response; <see cref="Drain"/>
/// waits until every byte already in the pipes has been read and its lines handed on, so the lines an
/// invocation wrote before it answered carry its request id and come before Lambda's END and REPORT
/// lines, as in CloudWatch Logs. (.NET's own line events are read on the thread pool with no way to ask
/// whether they have caught up.)
/// </summary>
internal sealed partial class EnvironmentOutput
{
    private const short PollIn = 0x1;
    private const int PollEveryMs = 250;

    private readonly Lock _gate = new();
    private readonly Source[] _sources;
    private readonly Action<string> _line;
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _stopped;

    /// <param name="streams">The process's redirected output and error pipes.</param>
    /// <param name="line">Called with each complete line, in the order read, on the reading thread.</param>
    public EnvironmentOutput(IEnumerable<Stream> streams, Action<string> line)
    {
        _sources = streams.Select(s => new Source((PipeStream)s)).ToArray();
        _line = line;
        new Thread(Read) { IsBackground = true, Name = "lambda-output" }.Start();
    }

    /// <summary>Completes once every pipe has reached its end (the process and all it started have exited) or reading stopped.</summary>
    public Task Closed => _closed.Task;

    /// <summary>
    /// Blocks until the bytes in the pipes at this moment have been read and their complete lines handed
    /// on, or <paramref name="limit"/> passes (a process that never stops writing keeps a pipe non-empty).
    /// </summary>
    public void Drain(TimeSpan limit)
    {
        var deadline = Environment.TickCount64 + (long)limit.TotalMilliseconds;
        while (true)
        {
            lock (_gate)
            {
                // Reads happen only under the gate, so empty pipes seen here mean every byte written
                // before this call has been read and its lines handed on.
                try
                {
                    if (_stopped || !AnyReadable(0))
                    {
                        return;
                    }
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
            }
            if (Environment.TickCount64 >= deadline)
            {
                return;
            }
            Thread.Sleep(1);
        }
    }

    /// <summary>Stops reading (the thread ends within a poll interval) and closes the pipes.</summary>
    public void Stop() => _stopped = true;

    private void Read()
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (!_stopped && _sources.Any(s => !s.Ended))
            {
                if (!AnyReadable(PollEveryMs))
                {
                    continue;
                }
                lock (_gate)
                {
                    foreach (var source in _sources)
                    {
                        if (!source.Ended && source.IsReadable(0))
                        {
                            var n = source.Stream.Read(buffer);
                            if (n == 0)
                            {
                                source.End(_line);
                            }
                            else
                            {
                                source.Take(buffer.AsSpan(0, n), _line);
                            }
                        }
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The process's pipes were closed under us: its environment is being disposed.
        }
        finally
        {
            lock (_gate)
            {
                foreach (var source in _sources)
                {
                    source.End(_line);
                    source.Stream.Dispose();
                }
                _stopped = true;
            }
            _closed.TrySetResult();
        }
    }

    private bool AnyReadable(int timeoutMs)
    {
        var open = _sources.Where(s => !s.Ended).ToArray();
        return open.Length > 0 && Source.Poll(open, timeoutMs);
    }

    /// <summary>One pipe: its stream, and the bytes of a line not yet ended by a newline.</summary>
    private sealed class Source(PipeStream stream)
    {
        private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
        private readonly StringBuilder _partial = new();
        private char[] _chars = new char[1024];
        private bool _afterReturn;

        public PipeStream Stream { get; } = stream;

        public bool Ended { get; private set; }

        public bool IsReadable(int timeoutMs) => Poll([this], timeoutMs);

        /// <summary>Decodes <paramref name="bytes"/> and hands on each line they complete (ended by \n, \r or \r\n, as .NET reads lines).</summary>
        public void Take(ReadOnlySpan<byte> bytes, Action<string> line)
        {
            var count = _decoder.GetCharCount(bytes, flush: false);
            if (_chars.Length < count)
            {
                _chars = new char[count];
            }
            var chars = _chars.AsSpan(0, _decoder.GetChars(bytes, _chars, flush: false));
            foreach (var c in chars)
            {
                if (c == '\n' && _partial.Length == 0 && _afterReturn)
                {
                    _afterReturn = false;
                    continue;
                }
                _afterReturn = c == '\r';
                if (c is '\n' or '\r')
                {
                    line(_partial.ToString());
                    _partial.Clear();
                }
                else
                {
                    _partial.Append(c);
                }
            }
        }

        /// <summary>The pipe has ended: a last line without a newline is handed on too.</summary>
        public void End(Action<string> line)
        {
            if (Ended)
            {
                return;
            }
            Ended = true;
            // An incomplete UTF-8 sequence at the very end becomes U+FFFD, as a StreamReader reads it.
            _partial.Append(_chars.AsSpan(0, _decoder.GetChars([], _chars, flush: true)));
            if (_partial.Length > 0)
            {
                line(_partial.ToString());
                _partial.Clear();
            }
        }

        /// <summary>Whether any of <paramref name="sources"/> has bytes (or its end) to read within <paramref name="timeoutMs"/>.</summary>
        public static unsafe bool Poll(Source[] sources, int timeoutMs)
        {
            var handles = new bool[sources.Length];
            try
            {
                var fds = stackalloc PollFd[sources.Length];
                for (var i = 0; i < sources.Length; i++)
                {
                    // Held for the poll, so a pipe closed meanwhile cannot hand its number to another file.
                    sources[i].Stream.SafePipeHandle.DangerousAddRef(ref handles[i]);
                    fds[i] = new PollFd { Fd = (int)sources[i].Stream.SafePipeHandle.DangerousGetHandle(), Events = PollIn };
                }
                while (true)
                {
                    var ready = PollNative(fds, (nuint)sources.Length, timeoutMs);
                    if (ready >= 0)
                    {
                        return ready > 0;
                    }
                    if (Marshal.GetLastPInvokeError() != 4)
                    {
                        throw new IOException($"poll failed (errno {Marshal.GetLastPInvokeError()})");
                    }
                    // EINTR: a signal arrived; poll again.
                }
            }
            finally
            {
                for (var i = 0; i < sources.Length; i++)
                {
                    if (handles[i])
                    {
                        sources[i].Stream.SafePipeHandle.DangerousRelease();
                    }
                }
            }
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static unsafe partial int PollNative(PollFd* fds, nuint count, int timeoutMs);
}
