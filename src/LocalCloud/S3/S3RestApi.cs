using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Sluice.LocalCloud.Protocol;

namespace Sluice.LocalCloud.S3;

/// <summary>
/// S3's REST-XML API over <see cref="S3Service"/>: finds the operation from the method, the addressed
/// bucket/key and the sub-resource query parameters, and writes AWS's answers and errors (with
/// <c>x-amz-request-id</c> and <c>x-amz-id-2</c>). Bodies stream in and out a buffer at a time.
/// </summary>
internal sealed partial class S3RestApi(S3Service s3, ILogger logger)
{
    public S3Service Service => s3;

    public async Task HandleAsync(HttpContext context)
    {
        var requestId = Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
        var response = context.Response;
        response.Headers["x-amz-request-id"] = requestId;
        response.Headers["x-amz-id-2"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        // Objects are up to 5 GiB; the writer enforces that limit as S3 does, with S3's error.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }
        try
        {
            var (bucket, key) = S3Addressing.Resolve(context);
            var scope = SigV4Scope.Parse(context.Request.Headers.Authorization.ToString());
            var region = scope?.Region ?? CredentialRegion(context.Request.Query["X-Amz-Credential"].ToString());
            var call = new S3Call(context, bucket, key, region, requestId);
            S3Operations.RefuseSiblingService(scope?.Service, call);
            S3Presign.Check(call, s3.Options.Clock);
            await DispatchAsync(call).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
        }
        catch (S3Exception e)
        {
            await ErrorAsync(context, e, requestId).ConfigureAwait(false);
        }
        catch (Exception e) when (e is BadHttpRequestException or IOException && !context.RequestAborted.IsCancellationRequested)
        {
            await ErrorAsync(context, new S3Exception("IncompleteBody", "The request body could not be read: " + e.Message), requestId).ConfigureAwait(false);
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            LogUnexpected(logger, e, context.Request.Method, context.Request.Path);
            await ErrorAsync(context, new S3Exception("InternalError", "We encountered an internal error. Please try again.", 500), requestId).ConfigureAwait(false);
        }
    }

    private static string? CredentialRegion(string credential)
    {
        var parts = credential.Split('/');
        return parts.Length >= 5 ? parts[^3] : null;
    }

    private Task DispatchAsync(S3Call call)
    {
        S3Operations.RefuseUnserved(call);
        if (call.Bucket is null)
        {
            return HttpMethods.IsGet(call.Method) ? ListBucketsAsync(call) : throw S3Errors.MethodNotAllowed(call.Method, "SERVICE");
        }
        return call.Key is null ? BucketOperationAsync(call) : ObjectOperationAsync(call);
    }

    private Task BucketOperationAsync(S3Call call)
    {
        var method = call.Method;
        if (HttpMethods.IsGet(method))
        {
            return call switch
            {
                _ when call.Has("location") => GetBucketLocationAsync(call),
                _ when call.Has("versioning") => GetBucketVersioningAsync(call),
                _ when call.Has("tagging") => GetBucketTaggingAsync(call),
                _ when call.Has("encryption") => GetConfigurationAsync(call, "encryption"),
                _ when call.Has("lifecycle") => GetConfigurationAsync(call, "lifecycle"),
                _ when call.Has("cors") => GetConfigurationAsync(call, "cors"),
                _ when call.Has("publicAccessBlock") => GetConfigurationAsync(call, "publicAccessBlock"),
                _ when call.Has("ownershipControls") => GetConfigurationAsync(call, "ownershipControls"),
                _ when call.Has("policy") => GetBucketPolicyAsync(call),
                _ when call.Has("acl") => GetAclAsync(call),
                _ when call.Has("notification") => GetBucketNotificationAsync(call),
                _ when call.Has("uploads") => ListMultipartUploadsAsync(call),
                _ when call.Has("versions") => ListObjectVersionsAsync(call),
                _ when call.Query("list-type") == "2" => ListObjectsV2Async(call),
                _ => ListObjectsAsync(call),
            };
        }
        if (HttpMethods.IsPut(method))
        {
            return call switch
            {
                _ when call.Has("versioning") => PutBucketVersioningAsync(call),
                _ when call.Has("tagging") => PutBucketTaggingAsync(call),
                _ when call.Has("encryption") => PutConfigurationAsync(call, "encryption"),
                _ when call.Has("lifecycle") => PutConfigurationAsync(call, "lifecycle"),
                _ when call.Has("cors") => PutConfigurationAsync(call, "cors"),
                _ when call.Has("publicAccessBlock") => PutConfigurationAsync(call, "publicAccessBlock"),
                _ when call.Has("ownershipControls") => PutConfigurationAsync(call, "ownershipControls"),
                _ when call.Has("policy") => PutBucketPolicyAsync(call),
                _ => CreateBucketAsync(call),
            };
        }
        if (HttpMethods.IsDelete(method))
        {
            return call switch
            {
                _ when call.Has("tagging") => DeleteSettingAsync(call, s => s with { Tags = null }),
                _ when call.Has("encryption") => DeleteSettingAsync(call, s => s with { EncryptionXml = null }),
                _ when call.Has("lifecycle") => DeleteSettingAsync(call, s => s with { LifecycleXml = null }),
                _ when call.Has("cors") => DeleteSettingAsync(call, s => s with { CorsXml = null }),
                _ when call.Has("publicAccessBlock") => DeleteSettingAsync(call, s => s with { PublicAccessBlockXml = null }),
                _ when call.Has("ownershipControls") => DeleteSettingAsync(call, s => s with { OwnershipControlsXml = null }),
                _ when call.Has("policy") => DeleteSettingAsync(call, s => s with { Policy = null }),
                _ => DeleteBucketAsync(call),
            };
        }
        if (HttpMethods.IsHead(method))
        {
            return HeadBucketAsync(call);
        }
        if (HttpMethods.IsPost(method))
        {
            return call.Has("delete") ? DeleteObjectsAsync(call) : throw S3Errors.NotImplemented("POST Object (browser form upload)");
        }
        throw S3Errors.MethodNotAllowed(method, "BUCKET");
    }

    private Task ObjectOperationAsync(S3Call call)
    {
        var method = call.Method;
        if (HttpMethods.IsGet(method))
        {
            return call switch
            {
                _ when call.Has("uploadId") => ListPartsAsync(call),
                _ when call.Has("tagging") => GetObjectTaggingAsync(call),
                _ when call.Has("acl") => GetAclAsync(call),
                _ => GetObjectAsync(call, head: false),
            };
        }
        if (HttpMethods.IsHead(method))
        {
            return GetObjectAsync(call, head: true);
        }
        if (HttpMethods.IsPut(method))
        {
            return call switch
            {
                _ when call.Has("uploadId") && call.Header("x-amz-copy-source") is not null => UploadPartCopyAsync(call),
                _ when call.Has("uploadId") => UploadPartAsync(call),
                _ when call.Has("tagging") => PutObjectTaggingAsync(call),
                _ when call.Header("x-amz-copy-source") is not null => CopyObjectAsync(call),
                _ => PutObjectAsync(call),
            };
        }
        if (HttpMethods.IsDelete(method))
        {
            return call switch
            {
                _ when call.Has("uploadId") => AbortMultipartUploadAsync(call),
                _ when call.Has("tagging") => DeleteObjectTaggingAsync(call),
                _ => DeleteObjectAsync(call),
            };
        }
        if (HttpMethods.IsPost(method))
        {
            return call switch
            {
                _ when call.Has("uploads") => CreateMultipartUploadAsync(call),
                _ when call.Has("uploadId") => CompleteMultipartUploadAsync(call),
                _ => throw S3Errors.MethodNotAllowed(method, "OBJECT"),
            };
        }
        throw S3Errors.MethodNotAllowed(method, "OBJECT");
    }

    private static async Task XmlAsync(S3Call call, string xml, int status = 200)
    {
        var bytes = Encoding.UTF8.GetBytes(xml);
        call.Response.StatusCode = status;
        call.Response.ContentType = "application/xml";
        call.Response.ContentLength = bytes.Length;
        await call.Response.Body.WriteAsync(bytes, call.Aborted).ConfigureAwait(false);
    }

    private static Task EmptyAsync(S3Call call, int status = 200)
    {
        call.Response.StatusCode = status;
        if (status != 204)
        {
            call.Response.ContentLength = 0;
        }
        return Task.CompletedTask;
    }

    private static async Task ErrorAsync(HttpContext context, S3Exception error, string requestId)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            // Mid-body (a read failed while streaming an object): the client must see a broken transfer.
            context.Abort();
            return;
        }
        response.StatusCode = error.Status;
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            // An error may be answered before the body is read. A client that sent Expect: 100-continue then
            // never sends the body and reuses the connection, and the server would take the start of its next
            // request for this one's body ("GET" read as "ET"). Closing the connection keeps the next request whole.
            response.Headers.Connection = "close";
        }
        foreach (var (name, value) in error.Headers)
        {
            response.Headers[name] = value;
        }
        if (HttpMethods.IsHead(context.Request.Method))
        {
            response.ContentLength = 0;
            return;
        }
        var sb = new StringBuilder(256);
        sb.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>");
        sb.Element("Code", error.Code);
        sb.Element("Message", error.Message);
        foreach (var (name, value) in error.Details)
        {
            sb.Element(name, value);
        }
        sb.Element("RequestId", requestId);
        sb.Element("HostId", response.Headers["x-amz-id-2"].ToString());
        sb.Append("</Error>");
        var bytes = Encoding.UTF8.GetBytes(sb.ToString());
        response.ContentType = "application/xml";
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>A small request document (configuration, tag set, delete list), read whole up to a limit and checked
    /// against the Content-MD5 or flexible checksum the request declared.</summary>
    private static async Task<byte[]> ReadDocumentAsync(S3Call call)
    {
        if (call.Request.ContentLength is > S3Xml.MaxDocumentBytes)
        {
            throw new S3Exception("MaxMessageLengthExceeded", "Your request was too big.");
        }
        using var buffer = new MemoryStream();
        var body = S3RequestBody.Open(call, out var checks);
        var chunk = new byte[16 * 1024];
        int n;
        while ((n = await body.ReadAsync(chunk, call.Aborted).ConfigureAwait(false)) > 0)
        {
            buffer.Write(chunk, 0, n);
            if (buffer.Length > S3Xml.MaxDocumentBytes)
            {
                throw new S3Exception("MaxMessageLengthExceeded", "Your request was too big.");
            }
        }
        var document = buffer.ToArray();
        S3BodyWriter.Verify(document, checks);
        return document;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure serving S3 {Method} {Path}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, string path);
}
