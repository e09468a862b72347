using SharpFuzz;

namespace Pipeline.Fuzz;

/// <summary>
/// <c>Pipeline.Fuzz TARGET</c> under afl-fuzz (see <c>fuzz.sh</c>); <c>Pipeline.Fuzz TARGET FILE...</c> runs inputs
/// once each and prints what happened, to reproduce a finding without afl.
/// </summary>
public static class Program
{
    /// <summary>The entry point.</summary>
    /// <returns>0; 2 for bad usage. A finding escapes as an exception (afl counts the abort as a crash).</returns>
    public static int Main(string[] args)
    {
        if (args.Length == 0 || !FuzzTargets.Names.Contains(args[0]))
        {
            Console.Error.WriteLine($"usage: Pipeline.Fuzz TARGET [FILE...]   (targets: {string.Join(", ", FuzzTargets.Names)})");
            return 2;
        }
        string target = args[0];
        if (args.Length > 1)
        {
            foreach (var file in args.Skip(1)) Console.WriteLine($"{file}: {FuzzTargets.Run(target, File.ReadAllBytes(file))}");
            return 0;
        }
        // Out of process: the target runs in a child that afl's fork server restarts after a crash, so a stack
        // overflow or a fail-fast is reported as a crash instead of ending the fuzzing session.
        Fuzzer.OutOfProcess.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            FuzzTargets.Run(target, buffer.ToArray());
        });
        return 0;
    }
}
