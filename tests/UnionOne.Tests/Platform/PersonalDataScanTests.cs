using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using UnionOne.Platform.Identifiers;
using UnionOne.Tests.Infrastructure;

namespace UnionOne.Tests.Platform;

/// <summary>The scan every fixture runs over its logs and API responses finds what it must and nothing else.</summary>
public sealed class PersonalDataScanTests
{
    private static readonly string Id = "11010519900615" + "123" is var first17 ? first17 + ResidentIdNumber.CheckCharacter(first17) : "";

    [Fact]
    public void Finds_full_id_numbers_and_phones_but_not_masked_ones_or_other_numbers()
    {
        PersonalDataScan.Find($"{{\"idNumber\":\"{Id}\",\"phone\":\"13912345678\"}}").Count().ShouldBe(2);
        PersonalDataScan.Find($"{Id[..17]}{(Id[17] == '1' ? '2' : '1')}").ShouldBeEmpty("wrong check character");
        PersonalDataScan.Find("110105********1234 139****5678 M0000100001 638999912345678901 1391234567890").ShouldBeEmpty();
    }

    [Fact]
    public async Task The_response_scanner_reports_an_api_answer_with_a_phone_and_leaves_reveal_answers_alone()
    {
        var findings = new ConcurrentQueue<string>();
        var builder = new ApplicationBuilder(new ServiceCollection().BuildServiceProvider());
        new PersonalDataScan.ResponseScanner(findings).Configure(app => app.Run(async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"phone\":\"13912345678\"}");
        }))(builder);
        var pipeline = builder.Build();

        async Task<string> CallAsync(string path)
        {
            var context = new DefaultHttpContext();
            context.Request.Method = "GET";
            context.Request.Path = path;
            context.Response.Body = new MemoryStream();
            await pipeline(context);
            context.Response.Body.Position = 0;
            return await new StreamReader(context.Response.Body).ReadToEndAsync();
        }

        (await CallAsync("/api/v1/members/1")).ShouldContain("13912345678", customMessage: "the answer itself is passed on unchanged");
        (await CallAsync("/api/v1/members/1/reveal")).ShouldContain("13912345678");
        findings.ShouldBe(["GET /api/v1/members/1 -> phone 139…"]);
    }
}
