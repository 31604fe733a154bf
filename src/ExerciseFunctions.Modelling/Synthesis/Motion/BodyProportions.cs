using ExerciseFunctions.Modelling.Synthesis;

namespace ExerciseFunctions.Modelling.Synthesis.Motion;

/// <summary>Segment lengths and thicknesses in metres, drawn per clip so no two figures are built alike.</summary>
public sealed record BodyProportions(
    float Height,
    float AnkleHeight, float Shin, float Thigh, float Torso, float Neck, float HeadRadius,
    float UpperArm, float Forearm, float Hand, float Foot,
    float ShoulderHalfWidth, float HipHalfWidth,
    float ShinRadius, float ThighRadius, float TorsoRadius, float UpperArmRadius, float ForearmRadius)
{
    public float Leg => Shin + Thigh;
    public float Arm => UpperArm + Forearm;

    /// <summary>Height 1.5–1.95 m, each segment ±8 %, build (thickness) 0.85–1.3.</summary>
    public static BodyProportions Sample(Random random)
    {
        var height = random.Range(1.5f, 1.95f);
        var build = random.Range(0.85f, 1.3f);
        return Scaled(height, r => r * random.Range(0.92f, 1.08f), build);
    }

    static BodyProportions Scaled(float height, Func<float, float> vary, float build)
    {
        float Part(float ratio) => height * vary(ratio);
        float Thick(float ratio) => height * ratio * build;
        return new BodyProportions(height,
            AnkleHeight: Part(0.045f), Shin: Part(0.24f), Thigh: Part(0.245f), Torso: Part(0.29f), Neck: Part(0.06f),
            HeadRadius: Part(0.065f), UpperArm: Part(0.17f), Forearm: Part(0.15f), Hand: Part(0.06f), Foot: Part(0.13f),
            ShoulderHalfWidth: Part(0.115f), HipHalfWidth: Part(0.055f),
            ShinRadius: Thick(0.028f), ThighRadius: Thick(0.042f), TorsoRadius: Thick(0.07f),
            UpperArmRadius: Thick(0.025f), ForearmRadius: Thick(0.02f));
    }
}
