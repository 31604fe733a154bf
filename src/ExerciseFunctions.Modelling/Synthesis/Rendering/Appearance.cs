using OpenCvSharp;

namespace ExerciseFunctions.Modelling.Synthesis.Rendering;

/// <summary>What the figure wears and looks like (BGR colours), and the bar's paint.</summary>
internal sealed record Appearance(Scalar Skin, Scalar Hair, Scalar Shirt, Scalar Pants, Scalar Shoes, Scalar Bar,
    bool LongSleeves, bool LongPants)
{
    static readonly Scalar[] SkinTones =
    [
        new(189, 224, 255), new(150, 195, 241), new(120, 170, 224), new(90, 135, 198), new(60, 95, 141), new(40, 62, 92),
    ];

    public static Appearance Sample(Random random) => new(
        Skin: Jitter(random, random.Pick(SkinTones), 12),
        Hair: Jitter(random, new Scalar(25, 30, 40), 25),
        Shirt: AnyColour(random),
        Pants: AnyColour(random),
        Shoes: AnyColour(random),
        Bar: Jitter(random, new Scalar(150, 150, 155), 60),
        LongSleeves: random.Chance(0.4),
        LongPants: random.Chance(0.5));

    static Scalar AnyColour(Random random) => new(random.Next(256), random.Next(256), random.Next(256));

    static Scalar Jitter(Random random, Scalar colour, int amount) => new(
        Math.Clamp(colour.Val0 + random.Next(-amount, amount + 1), 0, 255),
        Math.Clamp(colour.Val1 + random.Next(-amount, amount + 1), 0, 255),
        Math.Clamp(colour.Val2 + random.Next(-amount, amount + 1), 0, 255));
}
