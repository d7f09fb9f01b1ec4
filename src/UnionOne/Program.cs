using UnionOne.Components;
using UnionOne.Modules.Activities;
using UnionOne.Modules.Audit;
using UnionOne.Modules.Bookings;
using UnionOne.Modules.DemoData;
using UnionOne.Modules.Identity;
using UnionOne.Modules.Libraries;
using UnionOne.Modules.MemberCode;
using UnionOne.Modules.Members;
using UnionOne.Modules.Merchants;
using UnionOne.Modules.Messaging;
using UnionOne.Modules.Organisations;
using UnionOne.Modules.Places;
using UnionOne.Modules.Points;
using UnionOne.Modules.SubsidyEvents;
using UnionOne.Modules.Polls;
using UnionOne.Modules.Quizzes;
using UnionOne.Modules.Wallet;
using UnionOne.Platform;
using UnionOne.Platform.Localization;
using UnionOne.Platform.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddUnionOnePlatform();

builder.Services
    .AddAuditModule()
    .AddMessagingModule(builder.Configuration)
    .AddOrganisationsModule()
    .AddIdentityModule(builder.Configuration)
    .AddMembersModule(builder.Configuration)
    .AddPlacesModule(builder.Configuration)
    .AddMemberCodeModule(builder.Configuration)
    .AddLibrariesModule(builder.Configuration)
    .AddBookingsModule(builder.Configuration)
    .AddWalletModule(builder.Configuration)
    .AddMerchantsModule(builder.Configuration)
    .AddPointsModule(builder.Configuration)
    .AddSubsidyEventsModule(builder.Configuration)
    .AddQuizzesModule(builder.Configuration)
    .AddPollsModule(builder.Configuration)
    .AddActivitiesModule()
    .AddDemoDataModule(builder.Configuration);

var app = builder.Build();

if (await CommandLine.TryRunAsync(app, args)) return;

app.UseUnionOnePlatform();

var api = app.MapGroup("/api/v1");
app.MapOrganisationsModule(api);
app.MapIdentityModule(api);
app.MapMembersModule(api);
app.MapPlacesModule(api);
app.MapMemberCodeModule(api);
app.MapLibrariesModule(api);
app.MapBookingsModule(api);
app.MapWalletModule(api);
app.MapMerchantsModule(api);
app.MapPointsModule(api);
app.MapSubsidyEventsModule(api);
app.MapQuizzesModule(api);
app.MapPollsModule(api);
app.MapActivitiesModule(api);
app.MapMessagingModule(api);
app.MapAuditModule(api);
app.MapCultureSwitch();

app.MapStaticAssets();
app.MapRazorComponents<App>();

app.Run();

/// <summary>Entry point, public for WebApplicationFactory in tests.</summary>
public partial class Program;
