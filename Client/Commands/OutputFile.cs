using Spectre.Console;

namespace KerjasamaGraph.Client.Commands;

/// <summary>
/// Writing an output file the way every command does: an existing file is never replaced unless the user asks,
/// and the file appears complete or not at all (it is written under a hidden name beside it and renamed when
/// done), so a failed or interrupted command leaves nothing half-written.
/// </summary>
public static class OutputFile
{
    /// <summary>
    /// Writes to <paramref name="path"/> (see <see cref="Write(string, bool, Action{Stream})"/>) and says so on the
    /// console, or, without a path, to standard output (data only, nothing else on it).
    /// </summary>
    public static void WriteOrPrint(IAnsiConsole console, string? path, Action<Stream> write, bool announce = true)
    {
        if (path is null)
        {
            Console.Out.Flush();
            using var stdout = Console.OpenStandardOutput();
            write(stdout);
            stdout.Flush();
            return;
        }
        Write(path, overwrite: false, write);
        if (!announce) return;
        console.Write(new Markup("[green]Wrote[/] "));
        console.WriteLine(path);
    }

    public static void Write(string path, bool overwrite, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new InputException($"{path}: is a folder; give a file name");
        if (File.Exists(full) && !overwrite) throw new InputException($"{path}: file already exists; choose another --out");
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, "." + Path.GetFileName(full) + ".incomplete-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                write(stream);
            }
            File.Move(temporary, full, overwrite);
        }
        catch (IOException) when (File.Exists(full) && !overwrite)
        {
            throw new InputException($"{path}: file appeared while it was being written; choose another --out");
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }
}
