using System.Text;

namespace TrainCompare.Profiles;

/// <summary>
/// Names read as UTF-8 bytes, each kept once: a span is looked up without making a string, so a million rows that
/// name a few hundred ops make a few hundred strings. Ids are dense, from 0, in order of first appearance.
/// </summary>
internal sealed class ByteInterner
{
    private int[] _slots = new int[1024]; // id + 1; 0 empty
    private int[] _hashes = new int[1024];
    private readonly List<byte[]> _bytes = [];
    private readonly List<string> _strings = [];

    public int Count => _bytes.Count;

    public string this[int id] => _strings[id];

    public int Intern(ReadOnlySpan<byte> name)
    {
        int hash = Hash(name);
        int mask = _slots.Length - 1;
        for (int i = hash & mask; ; i = (i + 1) & mask)
        {
            int slot = _slots[i];
            if (slot == 0)
            {
                int id = _bytes.Count;
                _bytes.Add(name.ToArray());
                _strings.Add(Encoding.UTF8.GetString(name));
                _slots[i] = id + 1;
                _hashes[i] = hash;
                if (_bytes.Count * 2 > _slots.Length)
                {
                    Grow();
                }
                return id;
            }
            if (_hashes[i] == hash && name.SequenceEqual(_bytes[slot - 1]))
            {
                return slot - 1;
            }
        }
    }

    /// <summary>A name that is not UTF-8 bytes of the file (an unescaped JSON string).</summary>
    public int Intern(string name) => Intern(Encoding.UTF8.GetBytes(name));

    private static int Hash(ReadOnlySpan<byte> name)
    {
        var h = new HashCode();
        h.AddBytes(name);
        return h.ToHashCode();
    }

    private void Grow()
    {
        var slots = new int[_slots.Length * 2];
        var hashes = new int[slots.Length];
        int mask = slots.Length - 1;
        for (int s = 0; s < _slots.Length; s++)
        {
            if (_slots[s] == 0)
            {
                continue;
            }
            int i = _hashes[s] & mask;
            while (slots[i] != 0)
            {
                i = (i + 1) & mask;
            }
            slots[i] = _slots[s];
            hashes[i] = _hashes[s];
        }
        _slots = slots;
        _hashes = hashes;
    }
}
