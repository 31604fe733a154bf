using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ExerciseFunctions.Pipeline.Tests.Fixtures;

/// <summary>One log line as a provider receives it: category, event, rendered message and the scopes around it.</summary>
public sealed record LogRecord(string Category, EventId EventId, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Scope);

/// <summary>A logging provider that keeps every line in memory, with its scopes, for the tests to read.</summary>
public sealed class RecordedLogs : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<LogRecord> records = new();
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<LogRecord> Records => records.ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(RecordedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scope = new Dictionary<string, object?>();
            owner.scopes.ForEachScope((value, collected) =>
            {
                if (value is IEnumerable<KeyValuePair<string, object>> pairs)
                {
                    foreach (var (key, item) in pairs)
                    {
                        collected[key] = item;
                    }
                }
            }, scope);
            owner.records.Enqueue(new LogRecord(category, eventId, logLevel, formatter(state, exception), scope));
        }
    }
}
