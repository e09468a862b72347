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
}
