using Apache.Arrow;
using Apache.Arrow.Types;
using Pipeline.Hosting.Running.Steps;
using Pipeline.Hosting.Specs;

namespace Pipeline.Engine.Tests.Steps;

public class StepProjectionTests
{
    private static readonly Schema Input = new Schema.Builder()
        .Field(new Field("id", Int64Type.Default, true)).Field(new Field("amount", DoubleType.Default, true))
        .Field(new Field("quantity", Int64Type.Default, true)).Field(new Field("category", StringType.Default, true))
        .Field(new Field("email", StringType.Default, true)).Field(new Field("region", StringType.Default, true)).Build();

    private static StepSpec Step() => new("s", "spec.yaml:1:1") { From = ["in"] };

    [Fact]
    public void An_aggregate_reads_its_keys_measures_and_what_its_expressions_use()
    {
        var step = Step() with
        {
            Derive = [new DerivedColumn("revenue", "amount * quantity", null)],
            Filter = new DerivedColumn("filter", "revenue > 10", null),
            Aggregate = new AggregateStepSpec(["category"], [new DerivedColumn("n", "count(*)", null), new DerivedColumn("r", "sum(revenue)", null)]),
        };
        Assert.Equal(["amount", "quantity", "category"], StepProjection.For(step, Input, null));
    }

    [Fact]
    public void A_measure_over_an_expression_reads_its_columns()
    {
        var step = Step() with { Aggregate = new AggregateStepSpec([], [new DerivedColumn("x", "sum(amount * quantity)", null)]) };
        Assert.Equal(["amount", "quantity"], StepProjection.For(step, Input, null));
    }

    [Fact]
    public void A_join_keeps_the_input_columns_the_joined_table_also_has_so_suffixes_do_not_change()
    {
        var joined = new Schema.Builder().Field(new Field("key", Int64Type.Default, true)).Field(new Field("region", StringType.Default, true)).Build();
        var step = Step() with
        {
            Join = new JoinSpec("t", [("id", "key")], "left"),
            Aggregate = new AggregateStepSpec(["region"], [new DerivedColumn("n", "count(*)", null)]),
        };
        Assert.Equal(["id", "region"], StepProjection.For(step, Input, joined));
        Assert.Null(StepProjection.For(step, Input, null));
    }

    [Fact]
    public void Steps_that_carry_rows_through_or_check_them_read_every_column()
    {
        Assert.Null(StepProjection.For(Step() with { Filter = new DerivedColumn("filter", "amount > 1", null) }, Input, null));
        Assert.Equal(["id", "email"], StepProjection.For(Step() with { Select = ["email", "id"] }, Input, null));
        var rules = Engine.Validate.Parsing.RulesReader.Parse("rules: [{column: amount, not_null: true}]", "r.yaml");
        Assert.Null(StepProjection.For(Step() with { Rules = rules, Aggregate = new AggregateStepSpec(["category"], []) }, Input, null));
    }

    [Fact]
    public void Grouping_keys_used_for_nothing_else_may_be_read_as_dictionaries()
    {
        var step = Step() with
        {
            Derive = [new DerivedColumn("revenue", "amount * quantity", null)],
            Filter = new DerivedColumn("filter", "region != 'north'", null),
            Aggregate = new AggregateStepSpec(["category", "region", "revenue"], [new DerivedColumn("n", "count(*)", null), new DerivedColumn("e", "max(email)", null)]),
        };
        Assert.Equal(["category"], StepProjection.GroupingOnly(step, Input));
        Assert.Empty(StepProjection.GroupingOnly(step with { Join = new JoinSpec("t", [("id", "id")], "inner") }, Input));
        Assert.Empty(StepProjection.GroupingOnly(step with { Aggregate = null }, Input));
    }

    private static Schema Joined(params string[] names)
    {
        var builder = new Schema.Builder().Field(new Field("key", Int64Type.Default, true));
        foreach (var name in names) builder.Field(new Field(name, StringType.Default, true));
        return builder.Build();
    }

    [Fact]
    public void The_filter_keeps_only_what_the_aggregate_reads()
    {
        var step = Step() with
        {
            Derive = [new DerivedColumn("revenue", "amount * quantity", null)],
            Filter = new DerivedColumn("filter", "quantity > 1 and email is not null", null),
            Aggregate = new AggregateStepSpec(["category"], [new DerivedColumn("n", "count(*)", null), new DerivedColumn("r", "sum(revenue)", null), new DerivedColumn("a", "avg(amount)", null)]),
        };
        var narrowing = StepProjection.Narrow(step, Input, null);
        Assert.Equal(["amount", "category", "revenue"], narrowing.AfterFilter!.Order(StringComparer.Ordinal));
        Assert.Null(narrowing.BuildColumns);
        Assert.Null(narrowing.ProbeOutput);
        // A step that carries its rows on, or checks them, keeps every column.
        Assert.Equal(StepProjection.Narrowing.None, StepProjection.Narrow(step with { Aggregate = null }, Input, null));
        var rules = Engine.Validate.Parsing.RulesReader.Parse("rules: [{column: amount, not_null: true}]", "r.yaml");
        Assert.Equal(StepProjection.Narrowing.None, StepProjection.Narrow(step with { Rules = rules }, Input, null));
    }

    [Fact]
    public void A_join_reads_the_joined_columns_the_aggregate_reads_and_outputs_no_unread_key()
    {
        var step = Step() with
        {
            Join = new JoinSpec("t", [("id", "key")], "left"),
            Aggregate = new AggregateStepSpec(["segment"], [new DerivedColumn("n", "count(*)", null), new DerivedColumn("r", "sum(amount)", null), new DerivedColumn("x", "max(region_t)", null)]),
        };
        var narrowing = StepProjection.Narrow(step, Input, Joined("segment", "region", "extra"));
        // The joined table's region collides with the input's: read as region_t, so it is kept, and so is the input's
        // region before the join (it decides that suffix); the join outputs neither the key nor the input's region.
        Assert.Equal(["key", "segment", "region"], narrowing.BuildColumns);
        Assert.Equal(["amount"], narrowing.ProbeOutput!);
        Assert.Equal(["amount", "id", "region"], narrowing.AfterFilter!.Order(StringComparer.Ordinal));
        // The input columns a measure over a joined column reads are still read.
        var mixed = step with { Aggregate = new AggregateStepSpec(["segment"], [new DerivedColumn("r", "sum(amount * quantity)", null), new DerivedColumn("x", "max(segment || email)", null)]) };
        Assert.Equal(["id", "amount", "quantity", "email", "region"], StepProjection.For(mixed, Input, Joined("segment", "region", "extra")));
    }

    [Fact]
    public void The_joined_table_is_read_whole_when_leaving_a_column_out_would_change_a_suffix()
    {
        // The input's region makes the table's region region_t_2, because the table has a region_t of its own.
        var step = Step() with
        {
            Join = new JoinSpec("t", [("id", "key")], "inner"),
            Aggregate = new AggregateStepSpec(["region_t_2"], [new DerivedColumn("n", "count(*)", null)]),
        };
        Assert.Null(StepProjection.Narrow(step, Input, Joined("region", "region_t", "extra")).BuildColumns);
        Assert.Equal(["key", "region", "region_t"], StepProjection.Narrow(step with { Aggregate = new AggregateStepSpec(["region_t_2", "region_t"], []) }, Input, Joined("region", "region_t", "extra")).BuildColumns);
    }
}
