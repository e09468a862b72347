using Pipeline.Kernels.Aggregates;

namespace Pipeline.Kernels.Tests.Aggregates;

public class MomentStateTests
{
    private static double[] RandomValues(int n, int seed, double shift = 0)
    {
        var random = new Random(seed);
        // Exponential-ish values: skewed, so M3 and M4 are far from zero.
        return Enumerable.Range(0, n).Select(_ => shift - Math.Log(1 - random.NextDouble()) * 10).ToArray();
    }

    internal static void AssertMatches(MomentReference expected, in MomentState actual, double relative = 1e-9)
    {
        Assert.Equal(expected.N, actual.Count);
        if (expected.N == 0) return;
        double scale = Math.Max(Math.Abs(expected.Mean), expected.Max - expected.Min) + 1;
        TestArrays.Close(expected.Mean, actual.Mean, relative, scale, "mean");
        TestArrays.Close(expected.Sum, actual.Sum, relative, scale * expected.N, "sum");
        TestArrays.Close(expected.M2, actual.M2, relative, scale * scale * expected.N, "M2");
        TestArrays.Close(expected.M3, actual.M3, relative, Math.Pow(scale, 3) * expected.N, "M3");
        TestArrays.Close(expected.M4, actual.M4, relative, Math.Pow(scale, 4) * expected.N, "M4");
        Assert.Equal(expected.Min, actual.Min);
        Assert.Equal(expected.Max, actual.Max);
    }

    public class Statistics
    {
        [Fact]
        public void One_to_ten_has_pandas_values()
        {
            var state = new MomentState();
            state.AddRange(Enumerable.Range(1, 10).Select(i => (double)i).ToArray());
            Assert.Equal(5.5, state.Mean, 12);
            Assert.Equal(55, state.Sum);
            // pandas: Series(range(1, 11)).var() == 9.166666666666666, .skew() == 0.0, .kurt() == -1.2
            Assert.Equal(9.166666666666666, state.Variance, 12);
            Assert.Equal(0, state.Skewness, 12);
            Assert.Equal(-1.2, state.Kurtosis, 12);
        }

        [Fact]
        public void Skewed_sample_matches_the_reference_formulas()
        {
            double[] values = [1, 2, 2, 3, 10, 4, 1, 0.5];
            var reference = MomentReference.Of(values);
            var added = new MomentState();
            foreach (double v in values) added.Add(v);
            var ranged = new MomentState();
            ranged.AddRange(values);
            foreach (var state in new[] { added, ranged })
            {
                TestArrays.Close(reference.Variance, state.Variance, 1e-12, what: "variance");
                TestArrays.Close(reference.Skewness, state.Skewness, 1e-12, what: "skew");
                TestArrays.Close(reference.Kurtosis, state.Kurtosis, 1e-12, what: "kurt");
                Assert.True(state.Skewness > 1.5);
            }
        }

        [Fact]
        public void Constant_values_have_zero_variance_and_undefined_shape()
        {
            foreach (int n in new[] { 1, 2, 3, 4, 100, 1000 })
            {
                var state = new MomentState();
                state.AddRange(Enumerable.Repeat(0.1, n).ToArray());
                Assert.Equal(0.1, state.Mean);
                Assert.Equal(n < 2 ? double.NaN : 0, state.Variance);
                Assert.True(double.IsNaN(state.Skewness));
                Assert.True(double.IsNaN(state.Kurtosis));
            }
        }

        [Fact]
        public void Too_few_values_give_NaN()
        {
            var state = new MomentState();
            Assert.True(double.IsNaN(state.Variance));
            state.Add(1); state.Add(2);
            Assert.True(double.IsNaN(state.Skewness));
            state.Add(4);
            Assert.False(double.IsNaN(state.Skewness));
            Assert.True(double.IsNaN(state.Kurtosis));
        }
    }

    public class Add
    {
        [Fact]
        public void Counts_special_values_without_folding_them()
        {
            var state = new MomentState();
            foreach (double v in new[] { 1.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, -3, double.NaN })
                state.Add(v);
            Assert.Equal(4, state.Count);
            Assert.Equal(2, state.NaN);
            Assert.Equal(1, state.PositiveInfinity);
            Assert.Equal(1, state.NegativeInfinity);
            Assert.Equal(2, state.Zeros);
            Assert.Equal(1, state.Negatives);
            Assert.Equal(-3, state.Min);
            Assert.Equal(1, state.Max);
            Assert.Equal(-0.5, state.Mean);
        }

        [Fact]
        public void Default_and_new_states_are_both_empty()
        {
            var fresh = new MomentState();
            Assert.Equal(double.PositiveInfinity, fresh.Min);
            Assert.Equal(double.NegativeInfinity, fresh.Max);
            MomentState zeroed = default;
            zeroed.Add(5);
            zeroed.Add(7);
            Assert.Equal(5, zeroed.Min);
            Assert.Equal(7, zeroed.Max);
        }
    }

    public class AddRange
    {
        public static TheoryData<Isa> Paths()
        {
            var data = new TheoryData<Isa>();
            foreach (var isa in KernelDispatch.Available) data.Add(isa);
            return data;
        }

        [Theory]
        [MemberData(nameof(Paths))]
        public void Every_path_matches_the_reference_for_lengths_0_to_256(Isa isa)
        {
            foreach (int length in TestArrays.Lengths)
            {
                var values = RandomValues(length, length, shift: -5);
                var state = new MomentState();
                state.AddRange(values, isa);
                AssertMatches(MomentReference.Of(values), state);
                Assert.Equal(values.Count(v => v == 0), state.Zeros);
                Assert.Equal(values.Count(v => v < 0), state.Negatives);
            }
        }

        [Theory]
        [MemberData(nameof(Paths))]
        public void Every_path_counts_zeros_negatives_and_specials(Isa isa)
        {
            foreach (int length in TestArrays.Lengths)
            {
                var random = new Random(length);
                var values = Enumerable.Range(0, length).Select(_ => random.Next(8) switch
                {
                    0 => 0.0, 1 => -0.0, 2 => -1.5, 3 => double.NaN, 4 => double.PositiveInfinity, 5 => double.NegativeInfinity,
                    _ => random.NextDouble(),
                }).ToArray();
                var ranged = new MomentState();
                ranged.AddRange(values, isa);
                var scalar = new MomentState();
                foreach (double v in values) scalar.Add(v);
                Assert.Equal((scalar.Count, scalar.Zeros, scalar.Negatives, scalar.NaN, scalar.PositiveInfinity, scalar.NegativeInfinity),
                    (ranged.Count, ranged.Zeros, ranged.Negatives, ranged.NaN, ranged.PositiveInfinity, ranged.NegativeInfinity));
                AssertMatches(MomentReference.Of(values), ranged);
            }
        }

        [Fact]
        public void Large_offset_values_keep_precision()
        {
            // A large common offset is where naive sum-of-squares formulas lose every digit.
            var values = RandomValues(10_000, 7, shift: 1e9);
            var state = new MomentState();
            state.AddRange(values);
            var reference = MomentReference.Of(values);
            TestArrays.Close(reference.Variance, state.Variance, 1e-6, what: "variance");
            TestArrays.Close(reference.Skewness, state.Skewness, 1e-4, what: "skew");
        }
    }

    public class Merge
    {
        [Fact]
        public void Random_splits_merge_to_the_single_pass_result()
        {
            var random = new Random(42);
            var values = RandomValues(20_000, 1, shift: -3);
            var single = new MomentState();
            single.AddRange(values);
            for (int trial = 0; trial < 20; trial++)
            {
                int parts = random.Next(2, 12);
                var cuts = Enumerable.Range(0, parts - 1).Select(_ => random.Next(values.Length + 1)).Append(0).Append(values.Length).Order().ToArray();
                var merged = new MomentState();
                for (int p = 0; p + 1 < cuts.Length; p++)
                {
                    var part = new MomentState();
                    if (p % 2 == 0) part.AddRange(values.AsSpan(cuts[p]..cuts[p + 1]));
                    else foreach (double v in values.AsSpan(cuts[p]..cuts[p + 1])) part.Add(v);
                    merged.Merge(part);
                }
                AssertMatches(MomentReference.Of(values), merged);
                TestArrays.Close(single.Variance, merged.Variance, 1e-9);
                TestArrays.Close(single.Skewness, merged.Skewness, 1e-9);
                TestArrays.Close(single.Kurtosis, merged.Kurtosis, 1e-9);
                Assert.Equal(single.Zeros + single.Negatives, merged.Zeros + merged.Negatives);
            }
        }

        [Fact]
        public void Merge_is_commutative_and_empty_is_the_identity()
        {
            var a = new MomentState();
            a.AddRange(RandomValues(1000, 3));
            var b = new MomentState();
            b.AddRange(RandomValues(300, 4, shift: 50));
            var ab = a; ab.Merge(b);
            var ba = b; ba.Merge(a);
            AssertMatches(new MomentReference(ab.Count, ab.Mean, ab.M2, ab.M3, ab.M4, ab.Sum, ab.Min, ab.Max), ba, 1e-12);
            var withEmpty = a; withEmpty.Merge(new MomentState());
            Assert.Equal(a, withEmpty);
            MomentState fromDefault = default; fromDefault.Merge(a);
            Assert.Equal(a, fromDefault);
        }
    }
}
