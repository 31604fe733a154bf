using ExerciseFunctions.Modelling.Synthesis.Motion;
using OpenCvSharp;

namespace ExerciseFunctions.Modelling.Synthesis.Rendering;

/// <summary>The frames of a <see cref="NonExerciseClip"/>: scenes from the exercise renderer, or noise and test patterns.</summary>
internal static class NonExerciseScene
{
    public static IFrameSource Create(NonExerciseClip clip)
    {
        var random = new Random(Seeds.Mix(clip.Seed, 1));
        var size = new Size(clip.Width, clip.Height);
        var angle = random.Pick(Enum.GetValues<CameraAngle>());
        return clip.Kind switch
        {
            NonExerciseKind.EmptyScene => ClipScene.Create(size, angle, clip.FrameCount, clip.Motion.Body, clip.PoseAt, showFigure: false, random),
            NonExerciseKind.IdleFigure or NonExerciseKind.OtherMovement =>
                ClipScene.Create(size, angle, clip.FrameCount, clip.Motion.Body, clip.PoseAt, showFigure: true, random),
            NonExerciseKind.CameraMotion => new PanningCamera(clip, size, angle, random),
            NonExerciseKind.Noise => new NoiseFrames(size, random),
            _ => new TestPatternFrames(size, random),
        };
    }

    /// <summary>An empty scene filmed by a hand-held camera that pans and zooms: the whole frame moves, nothing in it does.</summary>
    sealed class PanningCamera : IFrameSource
    {
        const double Margin = 1.4;
        private readonly IFrameSource scene;
        private readonly Size size;
        private readonly int frames;
        private readonly Point2d from, to;
        private readonly double zoomFrom, zoomTo, shake;
        private readonly Random random;

        public PanningCamera(NonExerciseClip clip, Size size, CameraAngle angle, Random random)
        {
            this.size = size;
            frames = clip.FrameCount;
            this.random = random;
            var large = new Size((int)(size.Width * Margin) / 2 * 2, (int)(size.Height * Margin) / 2 * 2);
            // The pose only frames the scene; a figure standing still would be part of it, so some pans show one.
            scene = ClipScene.Create(large, angle, clip.FrameCount, clip.Motion.Body, _ => OtherMotion.PoseAt(OtherMovement.Idle, clip.Motion, 0),
                showFigure: random.Chance(0.3), random);
            var slack = new Point2d(large.Width - size.Width, large.Height - size.Height);
            from = new Point2d(random.NextDouble() * slack.X, random.NextDouble() * slack.Y);
            to = new Point2d(random.NextDouble() * slack.X, random.NextDouble() * slack.Y);
            (zoomFrom, zoomTo) = (random.Range(1.0, 1.15), random.Range(1.0, 1.15));
            shake = random.Chance(0.5) ? random.Range(0.5, 4.0) : 0;
        }

        public Mat Render(int frame)
        {
            using var full = scene.Render(frame);
            var t = frame / (double)Math.Max(1, frames - 1);
            var zoom = zoomFrom + (zoomTo - zoomFrom) * t;
            var x = from.X + (to.X - from.X) * t + shake * (random.NextDouble() - 0.5);
            var y = from.Y + (to.Y - from.Y) * t + shake * (random.NextDouble() - 0.5);
            // Output pixel p shows scene pixel (p - centre) / zoom + centre + offset.
            var (cx, cy) = (size.Width / 2.0, size.Height / 2.0);
            using var map = Mat.FromPixelData(2, 3, MatType.CV_64FC1, new[] { zoom, 0, -zoom * (x + cx) + cx, 0, zoom, -zoom * (y + cy) + cy });
            var image = new Mat();
            Cv2.WarpAffine(full, image, map, size, InterpolationFlags.Linear, BorderTypes.Reflect);
            return image;
        }

        public void Dispose() => scene.Dispose();
    }

    /// <summary>Television static, flickering blotches, or a smooth noise texture drifting across the frame.</summary>
    sealed class NoiseFrames(Size size, Random random) : IFrameSource
    {
        private readonly int style = random.Next(3);
        private readonly Mat texture = Blotches(new Size(size.Width * 3 / 2, size.Height * 3 / 2), random);
        private readonly Point2d drift = new(random.Range(-6.0, 6.0), random.Range(-6.0, 6.0));

        public Mat Render(int frame)
        {
            switch (style)
            {
                case 0:
                    return RandomImage.Create(size, random);
                case 1:
                    return Blotches(size, random);
                default:
                    var (slackX, slackY) = (texture.Width - size.Width, texture.Height - size.Height);
                    var x = (int)Math.Clamp(slackX / 2 + frame * drift.X, 0, slackX);
                    var y = (int)Math.Clamp(slackY / 2 + frame * drift.Y, 0, slackY);
                    return texture[new Rect(x, y, size.Width, size.Height)].Clone();
            }
        }

        static Mat Blotches(Size size, Random random)
        {
            using var grid = RandomImage.Create(new Size(random.Next(8, 48), random.Next(6, 32)), random);
            var image = new Mat();
            Cv2.Resize(grid, image, size, 0, 0, InterpolationFlags.Cubic);
            return image;
        }

        public void Dispose() => texture.Dispose();
    }

    /// <summary>A solid colour, colour bars, a scrolling checkerboard, Conway's life, or zooming rings (as ffmpeg's lavfi sources make).</summary>
    sealed class TestPatternFrames : IFrameSource
    {
        static readonly Scalar[] Bars =
            [new(192, 192, 192), new(0, 192, 192), new(192, 192, 0), new(0, 192, 0), new(192, 0, 192), new(0, 0, 192), new(192, 0, 0)];

        private readonly Size size;
        private readonly int style;
        private readonly Scalar ink, paper;
        private readonly int cell;
        private readonly double speed;
        private bool[,] life;

        public TestPatternFrames(Size size, Random random)
        {
            this.size = size;
            style = random.Next(5);
            ink = new Scalar(random.Next(256), random.Next(256), random.Next(256));
            paper = new Scalar(random.Next(256), random.Next(256), random.Next(256));
            cell = random.Next(size.Height / 40, size.Height / 8);
            speed = random.Range(1.0, 12.0) * (random.Chance(0.5) ? -1 : 1);
            life = new bool[size.Height / Math.Max(2, cell / 4), size.Width / Math.Max(2, cell / 4)];
            for (var r = 0; r < life.GetLength(0); r++)
            {
                for (var c = 0; c < life.GetLength(1); c++)
                {
                    life[r, c] = random.Chance(0.3);
                }
            }
        }

        public Mat Render(int frame) => style switch
        {
            0 => new Mat(size, MatType.CV_8UC3, paper),
            1 => ColourBars(frame),
            2 => Checkerboard(frame),
            3 => Life(),
            _ => Rings(frame),
        };

        Mat ColourBars(int frame)
        {
            var image = new Mat(size, MatType.CV_8UC3, Scalar.All(0));
            var width = size.Width / (double)Bars.Length;
            for (var i = 0; i < Bars.Length; i++)
            {
                image.Rectangle(new Rect((int)(i * width), 0, (int)Math.Ceiling(width), size.Height * 3 / 4), Bars[i], -1);
            }
            // testsrc-like: a small box sweeping along the bottom strip.
            var x = (int)((frame * Math.Abs(speed) * 4) % size.Width);
            image.Rectangle(new Rect(x, size.Height * 13 / 16, cell, size.Height / 8), ink, -1);
            return image;
        }

        Mat Checkerboard(int frame)
        {
            var image = new Mat(size, MatType.CV_8UC3, paper);
            var shift = (int)(frame * speed);
            for (var y = -2 * cell; y < size.Height + 2 * cell; y += cell)
            {
                for (var x = -2 * cell; x < size.Width + 2 * cell; x += cell)
                {
                    var px = x + ((shift % (2 * cell)) + 2 * cell) % (2 * cell);
                    if ((((x + 2 * cell) / cell) + ((y + 2 * cell) / cell)) % 2 == 0)
                    {
                        image.Rectangle(new Rect(px, y, cell, cell), ink, -1);
                    }
                }
            }
            return image;
        }

        Mat Life()
        {
            var (rows, columns) = (life.GetLength(0), life.GetLength(1));
            using var cells = new Mat(rows, columns, MatType.CV_8UC3, paper);
            for (var r = 0; r < rows; r++)
            {
                for (var c = 0; c < columns; c++)
                {
                    if (life[r, c])
                    {
                        cells.Set(r, c, new Vec3b((byte)ink.Val0, (byte)ink.Val1, (byte)ink.Val2));
                    }
                }
            }
            var next = new bool[rows, columns];
            for (var r = 0; r < rows; r++)
            {
                for (var c = 0; c < columns; c++)
                {
                    var neighbours = 0;
                    for (var dr = -1; dr <= 1; dr++)
                    {
                        for (var dc = -1; dc <= 1; dc++)
                        {
                            neighbours += (dr, dc) != (0, 0) && life[(r + dr + rows) % rows, (c + dc + columns) % columns] ? 1 : 0;
                        }
                    }
                    next[r, c] = neighbours == 3 || (neighbours == 2 && life[r, c]);
                }
            }
            life = next;
            var image = new Mat();
            Cv2.Resize(cells, image, size, 0, 0, InterpolationFlags.Nearest);
            return image;
        }

        Mat Rings(int frame)
        {
            // Concentric rings whose spacing shrinks frame by frame: a zoom into a pattern, like a fractal zoom.
            var (w, h) = (size.Width / 4, size.Height / 4);
            var scale = cell / 4.0 * Math.Pow(1.03, frame * Math.Sign(speed));
            var pixels = new byte[h * w * 3];
            for (var y = 0; y < h; y++)
            {
                for (var x = 0; x < w; x++)
                {
                    var s = 0.5 + 0.5 * Math.Sin(Math.Sqrt((x - w / 2.0) * (x - w / 2.0) + (y - h / 2.0) * (y - h / 2.0)) / scale);
                    for (var channel = 0; channel < 3; channel++)
                    {
                        pixels[(y * w + x) * 3 + channel] = (byte)(ink[channel] * s + paper[channel] * (1 - s));
                    }
                }
            }
            using var small = Mat.FromPixelData(h, w, MatType.CV_8UC3, pixels);
            var image = new Mat();
            Cv2.Resize(small, image, size, 0, 0, InterpolationFlags.Linear);
            return image;
        }

        public void Dispose()
        {
        }
    }
}
