namespace UnionOne.Platform.Web;

/// <summary>
/// The request's services as a <see cref="ComponentDocument{TComponent}"/>'s renderer sees them: everything but the
/// cascading value suppliers. A renderer asks for all of them when it is created, and with them the request builds its
/// authentication state, form-value and persisted-state machinery (reflection over assemblies included): about 20 µs per
/// document on this machine, for pages that take no cascading parameters. The supplier interface is internal to
/// ASP.NET Core, hence the match by name.
/// </summary>
internal sealed class DocumentServices(IServiceProvider inner) : IServiceProvider, IKeyedServiceProvider
{
    private const string SupplierName = "Microsoft.AspNetCore.Components.ICascadingValueSupplier";

    public object? GetService(Type serviceType)
    {
        if (serviceType.FullName == SupplierName) return null;
        if (serviceType.IsConstructedGenericType && serviceType.GetGenericTypeDefinition() == typeof(IEnumerable<>)
            && serviceType.GenericTypeArguments[0].FullName == SupplierName)
            return Array.CreateInstance(serviceType.GenericTypeArguments[0], 0);
        return inner.GetService(serviceType);
    }

    public object? GetKeyedService(Type serviceType, object? serviceKey) =>
        inner is IKeyedServiceProvider keyed ? keyed.GetKeyedService(serviceType, serviceKey) : null;

    public object GetRequiredKeyedService(Type serviceType, object? serviceKey) =>
        inner is IKeyedServiceProvider keyed ? keyed.GetRequiredKeyedService(serviceType, serviceKey)
            : throw new InvalidOperationException($"No keyed service for {serviceType}");
}
