using System.Text.Json;
using System.Text.Json.Serialization;

namespace UnionOne.Platform.Web;

/// <summary>
/// Source-generated JSON metadata for the requests and answers on the hot paths (gate verification, till payments, subsidy
/// applications, member search): no reflection on first use, and cheaper serialisation per request. First in the resolver
/// chain; every other type still falls back to reflection. Names and enums as the rest of the API (camelCase web defaults).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Modules.MemberCode.Verify.VerifyRequest), TypeInfoPropertyName = "GateVerifyRequest")]
[JsonSerializable(typeof(Modules.MemberCode.Verify.GateAnswer))]
[JsonSerializable(typeof(Modules.Wallet.Payments.PayRequest))]
[JsonSerializable(typeof(Modules.Wallet.Payments.Receipt))]
[JsonSerializable(typeof(Modules.SubsidyEvents.Apply.ApplyRequest))]
[JsonSerializable(typeof(Modules.SubsidyEvents.Domain.ApplicationView))]
[JsonSerializable(typeof(Modules.Members.Search.MemberPage))]
internal sealed partial class HotPathJson : JsonSerializerContext;
