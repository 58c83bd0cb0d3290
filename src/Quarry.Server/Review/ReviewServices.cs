using Microsoft.Extensions.Options;
using Quarry.Data.Stores;
using Quarry.Server.Hosting;

namespace Quarry.Server.Review;

public static class ReviewServices
{
    public static IServiceCollection AddReview(this IServiceCollection services)
    {
        services.AddSingleton<ReviewStore>();
        services.AddSingleton<RegistryStore>();
        services.AddSingleton<Registry.RegistryService>();
        services.AddSingleton(sp => new ReviewCalibration(sp.GetRequiredService<IOptions<QuarryOptions>>().Value.Review.LoadCalibration()));
        services.AddSingleton<ReviewLearning>();
        services.AddSingleton<RowReviewer>();
        services.AddSingleton<RowPropagation>();
        return services;
    }
}
