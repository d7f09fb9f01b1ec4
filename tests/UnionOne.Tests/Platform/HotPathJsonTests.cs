using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using UnionOne.Modules.MemberCode.Verify;
using UnionOne.Modules.Members.Search;
using UnionOne.Modules.Wallet.Payments;
using UnionOne.Platform.Web;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Platform;

/// <summary>The hot paths' JSON comes from source-generated metadata, and it reads and writes exactly what reflection would.</summary>
public sealed class HotPathJsonTests(UnionOneApp app) : IClassFixture<UnionOneApp>
{
    private JsonSerializerOptions AppOptions => app.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;

    /// <summary>The app's own options (names, enums, encoder, number handling) with reflection as the only resolver.</summary>
    private JsonSerializerOptions Reflection => new(AppOptions) { TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver() };

    [Theory]
    [InlineData(typeof(GateAnswer))]
    [InlineData(typeof(Receipt))]
    [InlineData(typeof(PayRequest))]
    [InlineData(typeof(MemberPage))]
    [InlineData(typeof(UnionOne.Modules.SubsidyEvents.Domain.ApplicationView))]
    public void Hot_types_are_served_by_the_source_generated_context(Type type) =>
        AppOptions.GetTypeInfo(type).OriginatingResolver.ShouldBeOfType<HotPathJson>();

    [Fact]
    public void Other_types_still_fall_back_to_reflection() =>
        AppOptions.GetTypeInfo(typeof(RefundRequest)).OriginatingResolver.ShouldNotBeOfType<HotPathJson>();

    [Fact]
    public void Answers_are_written_exactly_as_reflection_writes_them()
    {
        var at = new DateTime(2026, 11, 21, 8, 30, 0, DateTimeKind.Utc);
        object[] samples =
        [
            new GateAnswer(true, "admitted", "欢迎", "张*", 12, "椒江职工之家", new DateTimeOffset(at)),
            new Receipt(7, 3, "好又多超市", "李*", 10_000, 9_000, null, 9_000, 500, at, [new RefundLine(1, 500, "退货", at)]),
            new MemberPage([new MemberListItem(1, "M0000000001", "王芳", "女", "110105********1234", "138****0000", 4, "甲厂工会", "riders", "外卖骑手", "active", "在会", ["劳模"], "2026-01-02", false, null)], 1, 20, false, 1),
        ];
        foreach (var sample in samples)
            JsonSerializer.Serialize(sample, sample.GetType(), AppOptions).ShouldBe(JsonSerializer.Serialize(sample, sample.GetType(), Reflection));
    }

    [Fact]
    public void Requests_are_read_as_reflection_reads_them_including_numbers_in_strings()
    {
        const string json = """{"paymentCode":"UP1.abc","amountFen":"1234"}""";
        JsonSerializer.Deserialize<PayRequest>(json, AppOptions).ShouldBe(JsonSerializer.Deserialize<PayRequest>(json, Reflection));
        JsonSerializer.Deserialize<PayRequest>(json, AppOptions)!.AmountFen.ShouldBe(1234m);
    }

    [Fact]
    public void The_apps_own_string_rules_still_apply_to_source_generated_types()
    {
        const string json = """{"paymentCode":"UP1.a\u0000b","amountFen":1}""";
        Should.Throw<JsonException>(() => JsonSerializer.Deserialize<PayRequest>(json, Reflection));
        Should.Throw<JsonException>(() => JsonSerializer.Deserialize<PayRequest>(json, AppOptions));
    }
}
