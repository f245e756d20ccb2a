using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using KerjasamaGraph.Client.Commands;
using KerjasamaGraph.Client.Reports;
using KerjasamaGraph.Model.Graph;
using KerjasamaGraph.Model.Graph.Dynamics;
using KerjasamaGraph.Model.Graph.Metrics;
using KerjasamaGraph.Model.Outputs;
using KerjasamaGraph.Model.Runs;
using KerjasamaGraph.Model.Scenarios;
using KerjasamaGraph.Web.Library;
using KerjasamaGraph.Web.Runs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace KerjasamaGraph.Web.Api;

/// <summary>
/// The HTTP API under <c>/api</c>: scenarios (list, get, upload, validate, what-ifs, metrics), runs and comparisons as
/// queued jobs (start, status, server-sent progress events, cancel), and finished folders (list, tables, brief, zip,
/// network exports). The web app calls the same services.
/// </summary>
public static class ApiEndpoints
{
    private static readonly string[] Tables = ["regions", "agreements", "summary", "comparison", "regions_comparison"];

    public static IEndpointRouteBuilder MapKerjasamaApi(this IEndpointRouteBuilder app)
    {
        var scenarios = app.MapGroup("/api/scenarios").WithTags("Scenarios");
        scenarios.MapGet("/", ListScenarios).WithSummary("List the scenario library (shipped files and uploads).");
        scenarios.MapGet("/{id}", GetScenario).WithSummary("A scenario: contents, sources and every validation problem with its line.");
        scenarios.MapGet("/{id}/text", GetScenarioText).WithSummary("The scenario file as it is.");
        scenarios.MapGet("/{id}/metrics", ScenarioMetrics)
            .WithSummary("Network metrics of the scenario's planned cooperation graph (centralities, clustering, communities; see docs/graph-metrics.md).");
        scenarios.MapPost("/", Upload).DisableAntiforgery()
            .WithSummary("Upload a scenario (raw YAML body, or multipart form field 'file'). Size-limited; 'extends' may name shipped scenarios only.")
            .Accepts<string>("application/yaml", "text/plain", "multipart/form-data");
        scenarios.MapPost("/validate", Validate).DisableAntiforgery()
            .WithSummary("Validate scenario text without keeping it: every problem with file, line and column.")
            .Accepts<string>("application/yaml", "text/plain");
        scenarios.MapPost("/{id}/whatifs", SaveWhatIf).DisableAntiforgery()
            .WithSummary("Keep a what-if (a file that extends this scenario and declares one variant) as a new scenario.");

        var jobs = app.MapGroup("/api").WithTags("Runs and comparisons");
        jobs.MapPost("/runs", StartRun).DisableAntiforgery().WithSummary("Queue a run of a scenario (optionally one variant).");
        jobs.MapPost("/comparisons", StartComparison).DisableAntiforgery()
            .WithSummary("Queue a comparison of the baseline with variants (common random numbers, paired differences with 95% intervals).");
        jobs.MapGet("/jobs", ListJobs).WithSummary("Jobs since the server started: queued, running and finished.");
        jobs.MapGet("/jobs/{id}", GetJob).WithSummary("A job's state and progress (months done, time left, queue position).");
        jobs.MapGet("/jobs/{id}/events", JobEvents)
            .WithSummary("Server-sent events: one 'progress' event per change, then 'completed', 'failed' or 'cancelled'.");
        jobs.MapPost("/jobs/{id}/cancel", CancelJob).DisableAntiforgery().WithSummary("Cancel a queued or running job; nothing is written.");

        var runs = app.MapGroup("/api/runs").WithTags("Results");
        runs.MapGet("/", ListRuns).WithSummary("Finished run and comparison folders (from the app and the command line), newest first.");
        runs.MapGet("/{id}", GetRun).WithSummary("One finished folder's manifest.");
        runs.MapGet("/{id}/tables/{table}", GetTable)
            .WithSummary("A results table: regions, agreements, summary (runs; for a comparison add ?run=baseline|VARIANT), comparison, regions_comparison. CSV, or JSON with ?format=json.");
        runs.MapGet("/{id}/metrics", RunMetrics).WithSummary("Network metrics of the run's cooperation graph (every agreement active in some month).");
        runs.MapGet("/{id}/brief", Brief).WithSummary("The policy brief: ?lang=en|id, ?format=html (one self-contained file) or md (zip with charts).");
        runs.MapGet("/{id}/zip", Zip).WithSummary("The whole folder as a zip archive.");
        runs.MapGet("/{id}/export/{format}", Export)
            .WithSummary("The cooperation network: graphml, gexf (dynamic), gml, dot or json (node-link). For a comparison add ?run=baseline|VARIANT.");
        return app;
    }

    private static IReadOnlyList<ScenarioSummary> ListScenarios(ScenarioLibrary library) =>
        library.List().Select(e => ScenarioSummary.From(library.Load(e))).ToList();

    private static Results<Ok<ScenarioDetail>, NotFound<string>> GetScenario(string id, ScenarioLibrary library) =>
        library.Find(id) is { } e ? TypedResults.Ok(ScenarioDetail.From(library.Load(e))) : TypedResults.NotFound($"scenario '{id}' not found");

    private static IResult GetScenarioText(string id, ScenarioLibrary library) =>
        library.Find(id) is { } e ? Results.Text(library.Load(e).Text, "application/yaml; charset=utf-8") : Results.NotFound($"scenario '{id}' not found");

    private static IResult ScenarioMetrics(string id, ScenarioLibrary library)
    {
        if (library.Find(id) is not { } e) return Results.NotFound($"scenario '{id}' not found");
        var loaded = library.Load(e);
        if (!loaded.Ok) return Results.BadRequest(loaded.Result.Errors.Select(ScenarioProblem.From).ToList());
        return MetricsJson(CooperationGraphBuilder.Build(loaded.Scenario!));
    }

    private static IResult MetricsJson(CooperationGraph graph)
    {
        var result = NetworkMetrics.Compute(graph);
        using var buffer = new MemoryStream();
        MetricsWriter.WriteJson(result, buffer);
        return Results.Bytes(buffer.ToArray(), "application/json");
    }

    /// <summary>Reads a request body of at most <paramref name="limit"/> bytes; null when it is larger.</summary>
    private static async Task<byte[]?> ReadLimited(Stream body, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>The uploaded file's bytes and name, or an error result (413 when too large).</summary>
    private static async Task<(byte[]? Bytes, string Name, IResult? Error)> ReadUpload(HttpRequest request, long limit, string? name)
    {
        if (request.ContentLength > limit + 64 * 1024) return (null, "", TooLarge(request.ContentLength.Value, limit));
        if (request.HasFormContentType)
        {
            IFormCollection form;
            try { form = await request.ReadFormAsync(new Microsoft.AspNetCore.Http.Features.FormOptions { MultipartBodyLengthLimit = limit + 64 * 1024 }); }
            catch (InvalidDataException) { return (null, "", TooLarge(request.ContentLength ?? limit + 1, limit)); }
            var file = form.Files["file"] ?? form.Files.FirstOrDefault();
            if (file is null) return (null, "", Results.BadRequest("the form has no file (field 'file')"));
            if (file.Length > limit) return (null, "", TooLarge(file.Length, limit));
            await using var stream = file.OpenReadStream();
            var bytes = await ReadLimited(stream, limit, request.HttpContext.RequestAborted);
            return bytes is null ? (null, "", TooLarge(file.Length, limit)) : (bytes, file.FileName, null);
        }
        var body = await ReadLimited(request.Body, limit, request.HttpContext.RequestAborted);
        return body is null ? (null, "", TooLarge(request.ContentLength ?? limit + 1, limit)) : (body, name ?? "scenario.yaml", null);
    }

    private static IResult TooLarge(long bytes, long limit) =>
        Results.Problem($"the upload is larger than the limit of {limit} bytes", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Upload too large");

    private static async Task<IResult> Upload(HttpRequest request, ScenarioLibrary library, IOptions<WebOptions> options, string? name = null)
    {
        var (bytes, fileName, error) = await ReadUpload(request, options.Value.MaxUploadBytes, name);
        if (error is not null) return error;
        var (entry, check) = library.Save(bytes!, fileName);
        if (entry is null) return Results.BadRequest(Report(check));
        return Results.Created($"/api/scenarios/{entry.Id}", ScenarioSummary.From(library.Load(entry)));
    }

    private static async Task<IResult> Validate(HttpRequest request, ScenarioLibrary library, IOptions<WebOptions> options, string? name = null)
    {
        var (bytes, fileName, error) = await ReadUpload(request, options.Value.MaxUploadBytes, name);
        if (error is not null) return error;
        return Results.Ok(Report(library.Check(bytes!, fileName)));
    }

    private static ValidationReport Report(UploadCheck check) =>
        new(check.Errors.Count == 0, check.FileName, check.Errors.Select(ScenarioProblem.From).ToList(),
            check.Scenario is { } s ? new ScenarioSummary("", s.Name, s.Description, check.FileName, true, true, 0, s.Regions.Count, s.Partners.Count,
                s.Agreements.Count, s.VariantNames, s.Run.Start.ToString(), s.Run.Months, s.Run.Replications, s.Run.Seed) : null);

    private static IResult SaveWhatIf(string id, WhatIfRequest body, ScenarioLibrary library)
    {
        if (library.Find(id) is not { } e) return Results.NotFound($"scenario '{id}' not found");
        var (entry, check) = library.SaveWhatIf(e, body.Yaml ?? "", body.Variant ?? "");
        if (entry is null) return Results.BadRequest(Report(check));
        return Results.Created($"/api/scenarios/{entry.Id}", ScenarioSummary.From(library.Load(entry)));
    }

    private static IResult StartRun(RunRequest body, JobQueue queue) =>
        Submit(queue, new JobRequest(body.Scenario, false, body.Variant is null ? [] : [body.Variant], body.Replications, body.Seed, body.Months));

    private static IResult StartComparison(ComparisonRequest body, JobQueue queue) =>
        Submit(queue, new JobRequest(body.Scenario, true, body.Variants ?? [], body.Replications, body.Seed, body.Months));

    private static IResult Submit(JobQueue queue, JobRequest request)
    {
        try
        {
            var job = queue.Submit(request);
            return Results.Accepted($"/api/jobs/{job.Id}", JobStatus.From(job));
        }
        catch (JobRejectedException e) when (e.QueueFull)
        {
            return Results.Problem(e.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Queue full");
        }
        catch (JobRejectedException e)
        {
            return Results.BadRequest(new { errors = e.Errors });
        }
    }

    private static IReadOnlyList<JobStatus> ListJobs(JobQueue queue) => queue.Jobs.Select(JobStatus.From).ToList();

    private static Results<Ok<JobStatus>, NotFound<string>> GetJob(string id, JobQueue queue) =>
        queue.Find(id) is { } j ? TypedResults.Ok(JobStatus.From(j)) : TypedResults.NotFound($"job '{id}' not found");

    private static IResult JobEvents(string id, JobQueue queue, CancellationToken cancellationToken) =>
        queue.Find(id) is { } job ? TypedResults.ServerSentEvents(Events(job, cancellationToken)) : Results.NotFound($"job '{id}' not found");

    private static async IAsyncEnumerable<SseItem<JobStatus>> Events(Job job, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<JobStatus>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
        void OnChange(Job j) => channel.Writer.TryWrite(JobStatus.From(j));
        job.Changed += OnChange;
        try
        {
            var status = JobStatus.From(job);
            yield return new SseItem<JobStatus>(status, job.IsFinished ? status.State : "progress");
            while (!job.IsFinished)
            {
                using var poll = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                poll.CancelAfter(TimeSpan.FromSeconds(2));   // also report time left while a long month runs
                try { status = await channel.Reader.ReadAsync(poll.Token); }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested) { status = JobStatus.From(job); }
                if (job.IsFinished) break;
                yield return new SseItem<JobStatus>(status, "progress");
            }
            var final = JobStatus.From(job);
            yield return new SseItem<JobStatus>(final, final.State);
        }
        finally
        {
            job.Changed -= OnChange;
        }
    }

    private static IResult CancelJob(string id, JobQueue queue)
    {
        var job = queue.Find(id);
        if (job is null) return Results.NotFound($"job '{id}' not found");
        queue.Cancel(id);
        return Results.Ok(JobStatus.From(job));
    }

    private static IReadOnlyList<RunRecord> ListRuns(RunStore store) => store.List();

    private static Results<Ok<RunRecord>, NotFound<string>> GetRun(string id, RunStore store) =>
        store.Find(id) is { } r ? TypedResults.Ok(r) : TypedResults.NotFound($"run '{id}' not found");

    private static IResult GetTable(string id, string table, RunStore store, string? run = null, string? format = null)
    {
        if (store.Folder(id) is not { } folder) return Results.NotFound($"run '{id}' not found");
        if (!Tables.Contains(table)) return Results.BadRequest($"table: '{table}' is not one of {string.Join(", ", Tables)}");
        var comparison = ComparisonFolders.IsComparison(folder);
        string path;
        if (table is "comparison" or "regions_comparison")
        {
            if (!comparison) return Results.BadRequest($"'{table}' is a table of comparisons; '{id}' is a run");
            path = Path.Combine(folder, table + ".csv");
        }
        else if (comparison)
        {
            var runs = Directory.EnumerateDirectories(folder).Select(Path.GetFileName).ToList();
            run ??= "baseline";
            if (!runs.Contains(run, StringComparer.Ordinal)) return Results.BadRequest($"run: '{run}' is not a run of this comparison ({string.Join(", ", runs)})");
            path = Path.Combine(folder, run, table + ".csv");
        }
        else path = Path.Combine(folder, table + ".csv");
        if (format == "json")
        {
            var csv = CsvTable.Read(path);
            return Results.Ok(new TableData(table, csv.Header, csv.Rows));
        }
        return Results.File(File.ReadAllBytes(path), "text/csv; charset=utf-8", $"{id}-{(run is null ? "" : run + "-")}{table}.csv");
    }

    private static IResult RunMetrics(string id, RunStore store, string? run = null)
    {
        if (store.Folder(id) is not { } folder) return Results.NotFound($"run '{id}' not found");
        var runFolder = ComparisonFolders.IsComparison(folder) ? Path.Combine(folder, run ?? "baseline") : folder;
        if (!RunTables.IsRunFolder(runFolder) || !string.Equals(Path.GetDirectoryName(Path.GetFullPath(runFolder)), folder, StringComparison.Ordinal) && runFolder != folder)
            return Results.BadRequest($"run: '{run}' is not a run of this comparison");
        var tables = RunTables.Read(runFolder);
        var loaded = ScenarioLoader.Load(tables.ScenarioPath, tables.Variant);
        if (!loaded.Ok) return Results.Problem($"{tables.ScenarioPath}: the run's scenario no longer loads", statusCode: StatusCodes.Status409Conflict);
        var active = ActivitySchedule.FromRun(tables).EverActive();
        return MetricsJson(CooperationGraphBuilder.Build(loaded.Scenario!, new CooperationGraphOptions { ActiveAgreements = active }));
    }

    private static IResult Brief(string id, RunStore store, string lang = "en", string format = "html")
    {
        if (store.Folder(id) is not { } folder) return Results.NotFound($"run '{id}' not found");
        if (!Downloads.Languages.Contains(lang)) return Results.BadRequest($"lang: '{lang}' is not en or id");
        if (format is not ("html" or "md")) return Results.BadRequest($"format: '{format}' is not html or md");
        try
        {
            var d = Downloads.Brief(folder, lang, format);
            return Results.File(d.Content, d.ContentType, d.FileName);
        }
        catch (InputException e)
        {
            return Results.Problem(e.Message, statusCode: StatusCodes.Status409Conflict, title: "The folder cannot be read");
        }
    }

    private static IResult Zip(string id, RunStore store)
    {
        if (store.Folder(id) is not { } folder) return Results.NotFound($"run '{id}' not found");
        var d = Downloads.Zip(folder);
        return Results.File(d.Content, d.ContentType, d.FileName);
    }

    private static IResult Export(string id, string format, RunStore store, string? run = null)
    {
        if (store.Folder(id) is not { } folder) return Results.NotFound($"run '{id}' not found");
        try
        {
            var d = Downloads.Graph(folder, format, run);
            return Results.File(d.Content, d.ContentType, d.FileName);
        }
        catch (ArgumentException e)
        {
            return Results.BadRequest(e.Message);
        }
        catch (InvalidOperationException e)
        {
            return Results.Problem(e.Message, statusCode: StatusCodes.Status409Conflict);
        }
    }

    /// <summary>UTF-8 without a byte order mark.</summary>
    internal static readonly Encoding Utf8 = new UTF8Encoding(false);
}
