using System.Net;
using System.Security.Claims;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace ExerciseFunctions.Functions.Tests;

/// <summary>
/// A GET as the worker hands it to an HTTP function. The host's own request types are internal to its gRPC channel;
/// this one carries the URL and records the response, and every part of the invocation the function does not read
/// (bindings, tracing, retries) throws, so a function that starts to depend on them fails here.
/// </summary>
internal sealed class HttpGet(Uri url, IServiceProvider services) : HttpRequestData(new Invocation(services))
{
    public override Stream Body { get; } = Stream.Null;
    public override HttpHeadersCollection Headers { get; } = [];
    public override IReadOnlyCollection<IHttpCookie> Cookies { get; } = [];
    public override Uri Url { get; } = url;
    public override IEnumerable<ClaimsIdentity> Identities { get; } = [];
    public override string Method => "GET";

    public override HttpResponseData CreateResponse() => new Response(FunctionContext);

    internal sealed class Response(FunctionContext context) : HttpResponseData(context)
    {
        public override HttpStatusCode StatusCode { get; set; }
        public override HttpHeadersCollection Headers { get; set; } = [];
        public override Stream Body { get; set; } = new MemoryStream();
        public override HttpCookies Cookies => throw new NotSupportedException();

        public string Text => System.Text.Encoding.UTF8.GetString(((MemoryStream)Body).ToArray());
    }

    private sealed class Invocation(IServiceProvider services) : FunctionContext
    {
        public override string InvocationId { get; } = Guid.NewGuid().ToString();
        public override string FunctionId => throw new NotSupportedException();
        public override TraceContext TraceContext => throw new NotSupportedException();
        public override BindingContext BindingContext => throw new NotSupportedException();
        public override RetryContext RetryContext => throw new NotSupportedException();
        public override IServiceProvider InstanceServices { get; set; } = services;
        public override FunctionDefinition FunctionDefinition => throw new NotSupportedException();
        public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();
        public override IInvocationFeatures Features => throw new NotSupportedException();
    }
}
