using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Hematology.Integration.Resilience.Tests.Support;

/// <summary>A logger (and factory) that keeps every entry for assertions.</summary>
internal sealed class RecordingLogger : ILogger, ILoggerFactory
{
    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue(new LogEntry(logLevel, eventId.Id, formatter(state, exception)));

    public IReadOnlyList<LogEntry> WithEvent(int id) => Entries.Where(e => e.EventId == id).ToList();

    public ILogger CreateLogger(string categoryName) => this;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }
}

internal sealed record LogEntry(LogLevel Level, int EventId, string Message);
