using Pipeline.Core.Errors;
using Pipeline.Engine.Analyze.Profile;
using Pipeline.Hosting.Building;
using Pipeline.TestSupport;

namespace Pipeline.Engine.Tests.Hardening;

/// <summary>A damaged <c>profile.state</c> (flipped bits, cut short, inflated lengths) is reported as a corrupt file
/// (bad input naming it), never an overflow, a huge allocation or a crash.</summary>
public class DamagedStateTests
{
    [Fact]
    public async Task EveryMutationOfAStateIsReadOrRefusedAsCorrupt()
    {
        using var dir = new TempDirectory();
        var csv = dir.WriteText("in.csv", "id,name,x\n" + string.Concat(Enumerable.Range(0, 300).Select(i => $"{i},n{i % 17},{i * 0.25}\n")));
        var run = await DataPipeline.From(csv).Profile().ExecuteAsync();
        Assert.True(run.Succeeded, run.Error?.Message);
        var path = dir.File("profile.state");
        ProfileStateFile.Write(run.ProfileState!, path);
        var original = File.ReadAllBytes(path);
        var random = new Random(20261206);
        var damaged = dir.File("damaged.state");
        int refused = 0;
        for (int trial = 0; trial < 400; trial++)
        {
            var bytes = (byte[])original.Clone();
            switch (trial % 4)
            {
                case 0: bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8)); break;
                case 1: bytes = bytes[..random.Next(bytes.Length)]; break;
                case 2: // an inflated 32-bit length or count somewhere
                    BitConverter.TryWriteBytes(bytes.AsSpan(random.Next(bytes.Length - 4), 4), random.Next(2) == 0 ? int.MaxValue - random.Next(100) : -random.Next(1, 1000));
                    break;
                default: bytes[random.Next(bytes.Length)] = (byte)random.Next(256); break;
            }
            File.WriteAllBytes(damaged, bytes);
            try
            {
                ProfileStateFile.Read(damaged);
            }
            catch (PipelineException ex)
            {
                Assert.Equal(PipelineErrorKind.InvalidInput, ex.Kind);
                Assert.Contains("damaged.state", ex.Message);
                refused++;
            }
        }
        Assert.True(refused > 100, $"only {refused} of 400 damaged states were refused");
    }
}
